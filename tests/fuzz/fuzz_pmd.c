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

#include "fuzz_drive.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const uint64_t fuzz_max[] = { 16u << 20, 100000, 125, 1 };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct conn c;
	size_t		 step, drain;

	if (size < 3)
		return 0;
	fuzz_conn_reset(&c);
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
	fuzz_drive(&c, data, size, step, drain);
	ws_free(&c);
	return 0;
}
