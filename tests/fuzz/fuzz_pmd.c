/*
 * fuzz_pmd.c: compressed messages (RFC 7692) through the WebSocket message
 * layer with permessage-deflate negotiated: RSV1 rules, inflating in
 * pieces into sinks that the "network" drains at the input's pace,
 * --max-message on the inflated size, UTF-8 after inflating, and echo's
 * replies compressed as they stream.
 * Byte 0: bit 0 echo vs stream target, bit 1 --text, bits 2-3
 * --max-message choice, bit 4 client_no_context_takeover, bits 5-7 the
 * client's window bits (8 + value); byte 1: read size; byte 2: drain size.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ws.h"
#include "wsinetd.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const uint64_t fuzz_max[] = { 16u << 20, 100000, 125, 1 };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct conn c;
	size_t		 step, drain, have = 0, n, rounds = 0;

	if (size < 3)
		return 0;
	memset(&c, 0, offsetof(struct conn, rx));
	c.rx.start = c.rx.end = 0;
	c.to_client.start = c.to_client.end = 0;
	c.to_backend.start = c.to_backend.end = 0;
	cfg.verbose = -1;
	cfg.text = (data[0] & 2) != 0;
	cfg.max_message = fuzz_max[(data[0] >> 2) & 3];
	cfg.compress = true;
	cfg.compress_level = 6;
	c.target.kind = (data[0] & 1) ? TARGET_ECHO : TARGET_TCP;
	c.target.fd = (data[0] & 1) ? -1 : 1000;	/* never used for I/O */
	c.pmd_on = true;
	c.pmd_params.client_no_context_takeover = (data[0] & 0x10) != 0;
	c.pmd_params.client_max_window_bits = (uint8_t)(8 + (data[0] >> 5));
	step = (size_t)data[1] * 64 + 1;
	drain = (size_t)data[2] * 512 + 1;
	data += 3;
	size -= 3;
	ws_init(&c);
	while (rounds++ < 100000) {
		n = buf_tail_room(&c.rx, 1);
		if (n > step)
			n = step;
		if (n > size - have)
			n = size - have;
		memcpy(buf_tail(&c.rx), data + have, n);
		c.rx.end += n;
		have += n;
		ws_client_input(&c);
		if (buf_len(&c.to_client) > BUF_SIZE ||
		    buf_len(&c.to_backend) > BUF_SIZE)
			abort();
		n = buf_len(&c.to_client) < drain ? buf_len(&c.to_client) :
		    drain;
		buf_consume(&c.to_client, n);
		n = buf_len(&c.to_backend) < drain ? buf_len(&c.to_backend) :
		    drain;
		buf_consume(&c.to_backend, n);
		if (have == size && buf_len(&c.to_client) == 0 &&
		    buf_len(&c.to_backend) == 0 && buf_len(&c.rx) == 0)
			break;
	}
	ws_free(&c);
	return 0;
}
