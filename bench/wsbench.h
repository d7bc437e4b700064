/*
 * wsbench.h: what bench/wsbench.c (options, latency and spawn modes,
 * output) and bench/wsthru.c (throughput and raw modes) share.
 */
#ifndef WSBENCH_H
#define WSBENCH_H

#include <stddef.h>
#include <stdint.h>

#include "wsconn.h"

#define CONN_TIMEOUT_MS	5000		/* each blocking call, each phase */
#define CLOSE_WAIT_MS	3000		/* our Close or FIN -> the peer's */

struct opts {
	const char	*mode;		/* latency, throughput, raw, spawn */
	const char	*label;		/* echoed into the output */
	struct target	 target;
	struct tlsconf	 tls;
	int		 raw;		/* no WebSocket framing */
	long		 n;		/* latency/spawn: connections or runs */
	long		 k;		/* latency: concurrent workers */
	size_t		 bytes;		/* latency: message size */
	long		 conns;		/* throughput: connections */
	uint64_t	 total;		/* throughput: bytes per connection */
	size_t		 frame;		/* throughput: frame (or write) size */
	uint64_t	 window;	/* throughput: most bytes in flight */
	double		 timeout_s;	/* the whole run */
	long		 hold_ms;	/* throughput: keep open after the echo */
	long		 max_errors;	/* latency: give up after this many */
	char		**argv;		/* spawn: the program */
};

/*
 * The reference byte stream: every mode sends pattern bytes from stream
 * offset 0 and compares what comes back against the same offsets.
 * pat_at(off) is valid for PAT_SPAN contiguous bytes.
 */
#define PAT_LEN		((1u << 20) + 4093u)	/* not a power of two */
#define PAT_SPAN	(2u << 20)
int		 pattern_init(void);
const uint8_t	*pat_at(uint64_t off);

uint64_t	 now_ns(void);
uint64_t	 deadline_ns(const struct opts *);

/* Throughput and raw modes; prints the result lines, returns exit status. */
int		 thru_run(const struct opts *);

#endif
