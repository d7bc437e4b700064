/*
 * logsafe_oracle.h: what safe text is, decoded independently of logsafe.c
 * for t_logsafe.c and fuzz_logsafe.c: valid UTF-8 (shortest forms, no
 * surrogates, nothing past U+10FFFF) without C0, DEL or C1 controls, and
 * without the characters that reorder or hide text (bidirectional
 * controls, U+2028-U+2029, zero-width ones, U+FEFF).
 */
#ifndef LOGSAFE_ORACLE_H
#define LOGSAFE_ORACLE_H

#include <stddef.h>
#include <stdint.h>

static int
oracle_invisible(uint32_t cp)
{
	return cp == 0x061c || (cp >= 0x200b && cp <= 0x200f) ||
	    (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x2064) ||
	    (cp >= 0x2066 && cp <= 0x2069) || cp == 0xfeff;
}

/* Is b[0..n) safe text? */
static int
oracle_safe(const uint8_t *b, size_t n)
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
		    (cp >= 0xd800 && cp <= 0xdfff) || oracle_invisible(cp))
			return 0;
		i += len;
	}
	return 1;
}

#endif
