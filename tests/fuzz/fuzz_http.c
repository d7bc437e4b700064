/*
 * fuzz_http.c: the request head parser and the handshake checks, with the
 * input cut into reads at positions the input itself chooses.
 * First byte: a read size (1..256); the rest: the bytes a client sends.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "upgrade.h"
#include "wsinetd.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct conn c;
	const char	*why;
	size_t		 step, have = 0, head_len = 0;
	int		 st = 0;

	if (size < 1)
		return 0;
	step = (size_t)data[0] % 256 + 1;
	data++;
	size--;
	cfg.verbose = -1;
	cfg.nsubprotocols = 0;
	http_req_init(&c.req);
	c.subprotocol = NULL;
	while (have < size && !c.req.done && st == 0) {
		have += step < size - have ? step : size - have;
		st = http_req_feed(&c.req, data, have, &head_len);
	}
	if (st != 0) {
		if (st != 400 && st != 431 && st != 501 && st != 505)
			abort();
		return 0;
	}
	if (!c.req.done)
		return 0;
	if (head_len > have || head_len > MAX_HEADER_BYTES)
		abort();
	st = upgrade_check(&c, &why);
	if (st != 0 && st != 400 && st != 403 && st != 405 && st != 426)
		abort();
	return 0;
}
