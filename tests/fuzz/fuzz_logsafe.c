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

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int
safe(const uint8_t *b, size_t n)
{
	size_t	 i = 0, len, k;
	uint32_t cp;

	while (i < n) {
		if (b[i] < 0x80) {
			if (b[i] < 0x20 || b[i] == 0x7f)
				return 0;
			i++;
			continue;
		}
		len = b[i] >= 0xf8 ? 0 : b[i] >= 0xf0 ? 4 : b[i] >= 0xe0 ?
		    3 : b[i] >= 0xc0 ? 2 : 0;
		if (len == 0 || i + len > n)
			return 0;
		cp = b[i] & (0x7f >> len);
		for (k = 1; k < len; k++) {
			if ((b[i + k] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (b[i + k] & 0x3f);
		}
		if ((len == 2 && cp < 0xa0) || (len == 3 && cp < 0x800) ||
		    (len == 4 && cp < 0x10000) || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += len;
	}
	return 1;
}

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
	if (n > size || !safe((const uint8_t *)buf, n))
		abort();
	memcpy(copy, buf, n);
	if (logsafe(copy, n) != n || memcmp(copy, buf, n) != 0)
		abort();
	if (safe(data, size) && (n != size || memcmp(buf, data, size) != 0))
		abort();
	free(buf);
	free(copy);
	return 0;
}
