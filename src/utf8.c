/*
 * utf8.c: incremental UTF-8 validation.  The state is the number of
 * continuation bytes still expected and the range the next one must fall in;
 * the ranges come from RFC 3629 §4's syntax, which rules out overlong forms,
 * surrogates (U+D800..U+DFFF) and code points above U+10FFFF.
 */
#include <string.h>

#include "utf8.h"

/* Start a sequence at lead byte b; returns 0 on an invalid lead byte. */
static int
utf8_lead(struct utf8 *s, uint8_t b)
{
	s->lo = 0x80;
	s->hi = 0xbf;
	if (b >= 0xc2 && b <= 0xdf)
		s->need = 1;
	else if (b >= 0xe0 && b <= 0xef) {
		s->need = 2;
		if (b == 0xe0)
			s->lo = 0xa0;	/* no overlong 3-byte forms */
		else if (b == 0xed)
			s->hi = 0x9f;	/* no surrogates */
	} else if (b >= 0xf0 && b <= 0xf4) {
		s->need = 3;
		if (b == 0xf0)
			s->lo = 0x90;	/* no overlong 4-byte forms */
		else if (b == 0xf4)
			s->hi = 0x8f;	/* nothing above U+10FFFF */
	} else
		return 0;
	return 1;
}

/*
 * Feed n more bytes of one text message.  Returns UTF8_OK, UTF8_PARTIAL or
 * UTF8_BAD; after UTF8_BAD the state is meaningless.
 */
int
utf8_feed(struct utf8 *s, const uint8_t *p, size_t n)
{
	size_t	 i = 0;
	uint64_t w;

	while (i < n) {
		if (s->need == 0) {
			/* Fast path: eight ASCII bytes at a time. */
			while (i + 8 <= n) {
				memcpy(&w, p + i, 8);
				if (w & 0x8080808080808080ull)
					break;
				i += 8;
			}
			if (i == n)
				break;
			if (p[i] < 0x80) {
				i++;
				continue;
			}
			if (!utf8_lead(s, p[i++]))
				return UTF8_BAD;
			continue;
		}
		if (p[i] < s->lo || p[i] > s->hi)
			return UTF8_BAD;
		s->lo = 0x80;
		s->hi = 0xbf;
		s->need--;
		i++;
	}
	return s->need ? UTF8_PARTIAL : UTF8_OK;
}

/*
 * Length of the longest prefix of p[0..n) that does not end inside a
 * sequence: what can go out now in a text frame, the rest waits for more.
 * Only the last three bytes need looking at.
 */
size_t
utf8_complete_len(const uint8_t *p, size_t n)
{
	size_t	 i, want;

	for (i = 1; i <= 3 && i <= n; i++) {
		uint8_t b = p[n - i];

		if ((b & 0xc0) == 0x80)
			continue;		/* continuation byte */
		if (b < 0x80)
			return n;
		if (b >= 0xf0)
			want = 4;
		else if (b >= 0xe0)
			want = 3;
		else
			want = 2;
		return i < want ? n - i : n;
	}
	return n;
}
