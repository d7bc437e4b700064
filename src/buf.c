/*
 * buf.c: fixed-capacity buffers (see buf.h).
 */
#include <string.h>

#include "buf.h"

/* Drop n bytes from the head; an empty buffer starts over at offset 0. */
void
buf_consume(struct buf *b, size_t n)
{
	b->start += n;
	if (b->start == b->end)
		b->start = b->end = 0;
}

/*
 * Contiguous room at the tail.  When less than `want` is there but the whole
 * buffer has it, the data is moved down first, so a caller that needs a
 * frame header and its payload in one piece can have it.
 */
size_t
buf_tail_room(struct buf *b, size_t want)
{
	size_t	 len;

	if (BUF_SIZE - b->end < want && b->start > 0) {
		len = buf_len(b);
		memmove(b->data, b->data + b->start, len);
		b->start = 0;
		b->end = len;
	}
	return BUF_SIZE - b->end;
}
