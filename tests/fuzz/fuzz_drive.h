/*
 * fuzz_drive.h: what the WebSocket-layer harnesses share: a connection
 * reset between inputs, and the loop that feeds the client's bytes in
 * reads of the input's chosen size while the "network" drains the output
 * buffers at the input's chosen pace, so the backpressure paths run.
 */
#ifndef FUZZ_DRIVE_H
#define FUZZ_DRIVE_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ws.h"
#include "wsinetd.h"

#define FUZZ_ROUNDS_MAX	100000

/* Everything before the buffers is per-connection state; the buffers'
 * storage is reused, emptied. */
static inline void
fuzz_conn_reset(struct conn *c)
{
	memset(c, 0, offsetof(struct conn, rx));
	c->rx.start = c->rx.end = 0;
	c->to_client.start = c->to_client.end = 0;
	c->to_backend.start = c->to_backend.end = 0;
}

static inline size_t
fuzz_drain(struct buf *b, size_t drain)
{
	size_t	 n = buf_len(b) < drain ? buf_len(b) : drain;

	buf_consume(b, n);
	return n;
}

/*
 * Feed data[0..size) after ws_init(c); stop once it is all in and a round
 * moves nothing.  A sink over its size would be a bug: abort().
 */
static inline void
fuzz_drive(struct conn *c, const uint8_t *data, size_t size, size_t step,
    size_t drain)
{
	size_t	 have = 0, n, rx_before, rounds = 0;

	while (rounds++ < FUZZ_ROUNDS_MAX) {
		n = buf_tail_room(&c->rx, 1);
		if (n > step)
			n = step;
		if (n > size - have)
			n = size - have;
		memcpy(buf_tail(&c->rx), data + have, n);
		c->rx.end += n;
		have += n;
		rx_before = buf_len(&c->rx);
		ws_client_input(c);
		if (buf_len(&c->to_client) > BUF_SIZE ||
		    buf_len(&c->to_backend) > BUF_SIZE)
			abort();
		n = fuzz_drain(&c->to_client, drain) +
		    fuzz_drain(&c->to_backend, drain);
		if (have == size && n == 0 && buf_len(&c->rx) == rx_before)
			break;
	}
}

#endif
