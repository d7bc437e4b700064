/*
 * fuzz_logsafe.c: logsafe() (logsafe.c) on arbitrary bytes.  Whatever the
 * input, the output is no longer than it, valid UTF-8 (checked here by
 * another decoder) with no C0, DEL or C1 control, and safe text is left
 * as it is.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "logsafe.h"
#include "logsafe_oracle.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*buf, *copy;
	size_t	 n;

	if ((buf = malloc(size + 1)) == NULL || (copy = malloc(size + 1)) ==
	    NULL) {
		free(buf);
		return 0;
	}
	memcpy(buf, data, size);
	n = logsafe(buf, size);
	if (n > size || !oracle_safe((const uint8_t *)buf, n))
		abort();
	memcpy(copy, buf, n);
	if (logsafe(copy, n) != n || memcmp(copy, buf, n) != 0)
		abort();
	if (oracle_safe(data, size) && (n != size || memcmp(buf, data, size) != 0))
		abort();
	free(buf);
	free(copy);
	return 0;
}
