/*
 * record.h: --record DIR, one asciicast v2 file per WebSocket session.
 */
#ifndef RECORD_H
#define RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RECORD_BUF	65536		/* lines queued before a write */
#define RECORD_NAME_MAX	160

enum record_dir {
	RECORD_IN,			/* client -> backend: "i" */
	RECORD_OUT,			/* backend -> client: "o" */
};

struct conn;

struct record {
	bool	 on;			/* recording: fd is the file (a zeroed
					 * struct conn records nothing) */
	int	 fd;			/* the file, or -1 */
	char	 name[RECORD_NAME_MAX];	/* its name in DIR, "" when none */
	uint64_t bytes;			/* queued so far, header included */
	uint64_t written;		/* in the file so far */
	uint64_t whole;			/* ... up to its last whole line */
	int64_t	 t0_us;			/* monotonic, at the upgrade */
	int64_t	 epoch;			/* the header's "timestamp" */
	unsigned width, height;		/* the header's terminal size */
	bool	 header;		/* the header line is queued */
	uint8_t	 carry[2][4];		/* an unfinished UTF-8 sequence */
	uint8_t	 ncarry[2];		/* ... per direction */
	size_t	 len;			/* bytes in buf */
	char	 buf[RECORD_BUF];
};

void	 record_prepare(void);
void	 record_open(struct conn *);
bool	 record_on(const struct conn *);
void	 record_data(struct conn *, enum record_dir, const uint8_t *, size_t);
void	 record_resize(struct conn *, unsigned, unsigned);
void	 record_flush(struct conn *);
void	 record_close(struct conn *);

#endif
