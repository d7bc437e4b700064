/*
 * pmd.h: the permessage-deflate codec (RFC 7692 §7.2): one inflater for
 * the client's messages, one deflater for ours, both streaming through
 * caller-owned buffers.  No I/O, no logging.
 */
#ifndef PMD_H
#define PMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <zlib.h>

#include "pmd_offer.h"

#define PMD_TAIL_LEN	4		/* §7.2.1: 00 00 ff ff */
/*
 * Least output room for pmd_deflate_stream() to make progress: each call
 * that ends a message and still has room after zlib's pending bytes adds
 * a 5-byte sync marker, so the flush completes only when one fits whole.
 */
#define PMD_STREAM_ROOM	(PMD_TAIL_LEN + 64)

enum pmd_result {
	PMD_MORE,	/* output full, or waiting for more of the message */
	PMD_DONE,	/* the message is complete and every byte is out */
	PMD_BAD,	/* not a valid DEFLATE stream: fail with 1007 */
	PMD_NOMEM,	/* zlib could not allocate: fail with 1011 */
};

struct pmd {
	bool		 on;		/* negotiated for this connection */
	struct pmd_params p;
	int		 level;		/* zlib level for our messages */
	z_stream	 inf, def;
	bool		 inf_ready, def_ready;	/* inflateInit2/deflateInit2 done */
	bool		 inf_end;	/* BFINAL block seen in this message */
	bool		 inf_keep;	/* restore the window after inf_end */
	uint8_t		 tail_fed;	/* bytes of the tail given to inflate */
	uint8_t		 hold[PMD_TAIL_LEN];	/* streamed output held back */
	uint8_t		 nhold;
};

void	 pmd_init(struct pmd *, const struct pmd_params *, int);
int	 pmd_inflate_start(struct pmd *);
int	 pmd_inflate(struct pmd *, const uint8_t *, size_t *, uint8_t *,
	    size_t *, bool);
ssize_t	 pmd_deflate(struct pmd *, const uint8_t *, size_t, uint8_t *,
	    size_t);
int	 pmd_deflate_ready(struct pmd *);
int	 pmd_deflate_stream(struct pmd *, const uint8_t *, size_t *, uint8_t *,
	    size_t *, bool);
void	 pmd_free(struct pmd *);

#endif
