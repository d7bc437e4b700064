/*
 * buf.h: a fixed-capacity byte buffer, the only thing the relay moves bytes
 * through.  Data lives in [start, end); room is made at the tail by moving
 * the data down when the buffer is drained or fragmented.  Nothing allocates.
 */
#ifndef BUF_H
#define BUF_H

#include <stddef.h>
#include <stdint.h>

#define BUF_SIZE	(128 * 1024)

struct buf {
	size_t	 start, end;
	uint8_t	 data[BUF_SIZE];
};

static inline size_t
buf_len(const struct buf *b)
{
	return b->end - b->start;
}

static inline uint8_t *
buf_head(struct buf *b)
{
	return b->data + b->start;
}

static inline uint8_t *
buf_tail(struct buf *b)
{
	return b->data + b->end;
}

/* Free bytes in the whole buffer (after a buf_tail_room() move). */
static inline size_t
buf_room(const struct buf *b)
{
	return BUF_SIZE - buf_len(b);
}

void	 buf_consume(struct buf *, size_t);
size_t	 buf_tail_room(struct buf *, size_t);

#endif
