/*
 * fuzz_pass_status.c: a backend's response bytes, which wsinetd does not
 * control, through pass_status.c.  Beyond not crashing: the answer is one
 * of "not yet", "not HTTP" or a status in 100..599 other than an interim
 * 1xx, and it does not depend on where reads split the bytes (the first
 * input byte picks the split).
 */
#include <stdint.h>
#include <stdlib.h>

#include "pass_status.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pass_status whole, split;
	size_t		 cut;

	if (size == 0)
		return 0;
	cut = data[0] % size;
	data++;
	size--;
	pass_status_init(&whole);
	pass_status_feed(&whole, data, size);
	pass_status_init(&split);
	pass_status_feed(&split, data, cut);
	pass_status_feed(&split, data + cut, size - cut);
	if (whole.status != split.status)
		abort();
	if (whole.status != 0 && whole.status != -1 && (whole.status < 100 ||
	    whole.status > 599 || (whole.status < 200 && whole.status != 101)))
		abort();
	return 0;
}
