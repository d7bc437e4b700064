/*
 * fuzz_proxy.c: the PROXY header parser on any bytes.  Beyond not
 * crashing: an accepted header fits in the input and has a printable
 * peer, and the input cut one byte before its end is PARTIAL (what
 * proxy_read.c relies on to consume bytes before the header is whole).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proxy.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct proxy_info pi;
	size_t		 hl, i;
	int		 r;

	r = proxy_parse(data, size, &pi, &hl);
	if (r == PROXY_OK) {
		if (hl == 0 || hl > size)
			abort();
		for (i = 0; pi.peer[i] != '\0'; i++)
			if (pi.peer[i] < 0x20 || pi.peer[i] > 0x7e)
				abort();
		if (proxy_parse(data, hl - 1, &pi, &hl) != PROXY_PARTIAL)
			abort();
	} else if (r == PROXY_BAD && pi.why[0] == '\0')
		abort();
	return 0;
}
