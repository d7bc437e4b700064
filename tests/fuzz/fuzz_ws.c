/*
 * fuzz_ws.c: the WebSocket frame and message layer, stateful: the client
 * bytes arrive in reads whose sizes the input chooses, and the "network"
 * drains the output buffers at a pace the input chooses too, so the
 * backpressure paths (full sinks, blocked pongs) are exercised.
 * Byte 0: flags (bit 0 echo vs stream target, bit 1 --text, bits 2-3
 * --max-message choice); byte 1: read size; byte 2: drain size.
 */
#include <stdint.h>

#include "fuzz_drive.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const uint64_t fuzz_max[] = { 16u << 20, 1000, 125, 1 };

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
	c.target.kind = (data[0] & 1) ? TARGET_ECHO : TARGET_TCP;
	c.target.fd = (data[0] & 1) ? -1 : 1000;	/* never used for I/O */
	step = (size_t)data[1] * 64 + 1;
	drain = (size_t)data[2] * 512 + 1;
	data += 3;
	size -= 3;
	ws_init(&c);
	fuzz_drive(&c, data, size, step, drain);
	ws_free(&c);
	return 0;
}
