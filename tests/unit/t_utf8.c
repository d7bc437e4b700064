/*
 * t_utf8.c: the incremental validator, each vector fed whole, byte by
 * byte, and cut at every offset (STYLE.md habit 12).
 */
#include <string.h>

#include "check.h"
#include "utf8.h"

struct vec {
	const char	*bytes;
	size_t		 len;
	int		 want;		/* result after the whole input */
};

#define V(s, w) { s, sizeof(s) - 1, w }

static const struct vec vecs[] = {
	V("", UTF8_OK),
	V("hello", UTF8_OK),
	V("Hello-\xc2\xb5@\xc3\x9f\xc3\xb6\xc3\xa4\xc3\xbc\xc3\xa0\xc3\xa1-UTF-8!!", UTF8_OK),
	V("\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5", UTF8_OK),	/* RFC 3629 */
	V("\xf0\x9f\x98\x80", UTF8_OK),			/* U+1F600 */
	V("\xf4\x8f\xbf\xbf", UTF8_OK),			/* U+10FFFF */
	V("\xef\xbf\xbf", UTF8_OK),			/* U+FFFF */
	V("\xed\x9f\xbf", UTF8_OK),			/* U+D7FF */
	V("\xee\x80\x80", UTF8_OK),			/* U+E000 */
	V("\xc2\x80", UTF8_OK),				/* U+0080 */
	V("\xe0\xa0\x80", UTF8_OK),			/* U+0800 */
	V("\xf0\x90\x80\x80", UTF8_OK),			/* U+10000 */
	V("\xce\xba\xe1", UTF8_PARTIAL),
	V("\xf0\x9f\x98", UTF8_PARTIAL),
	V("\x80", UTF8_BAD),				/* lone continuation */
	V("\xbf", UTF8_BAD),
	V("\xc0\x80", UTF8_BAD),			/* overlong NUL */
	V("\xc1\xbf", UTF8_BAD),			/* overlong */
	V("\xe0\x80\xaf", UTF8_BAD),			/* overlong '/' */
	V("\xe0\x9f\xbf", UTF8_BAD),			/* overlong */
	V("\xf0\x8f\xbf\xbf", UTF8_BAD),		/* overlong */
	V("\xed\xa0\x80", UTF8_BAD),			/* U+D800 */
	V("\xed\xbf\xbf", UTF8_BAD),			/* U+DFFF */
	V("\xf4\x90\x80\x80", UTF8_BAD),		/* U+110000 */
	V("\xf5\x80\x80\x80", UTF8_BAD),
	V("\xff", UTF8_BAD),
	V("\xfe", UTF8_BAD),
	V("\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5\xed\xa0\x80" "edited", UTF8_BAD),
	V("\xc2\x41", UTF8_BAD),			/* lead then ASCII */
	V("abcdefgh\xc3\xa9ijklmnop\x80", UTF8_BAD),	/* after fast path */
};

static int
feed_split(const struct vec *v, size_t cut)
{
	struct utf8	 s = { 0 };
	int		 r;

	r = utf8_feed(&s, (const uint8_t *)v->bytes, cut);
	if (r == UTF8_BAD)
		return r;
	return utf8_feed(&s, (const uint8_t *)v->bytes + cut, v->len - cut);
}

static int
feed_bytes(const struct vec *v)
{
	struct utf8	 s = { 0 };
	size_t		 i;
	int		 r = UTF8_OK;

	for (i = 0; i < v->len; i++)
		if ((r = utf8_feed(&s, (const uint8_t *)v->bytes + i, 1)) ==
		    UTF8_BAD)
			return r;
	return r;
}

int
main(void)
{
	size_t	 i, cut;

	for (i = 0; i < sizeof(vecs) / sizeof(vecs[0]); i++) {
		check(feed_split(&vecs[i], vecs[i].len) == vecs[i].want);
		check(feed_bytes(&vecs[i]) == vecs[i].want);
		for (cut = 0; cut <= vecs[i].len; cut++)
			check(feed_split(&vecs[i], cut) == vecs[i].want);
	}

	/* utf8_complete_len: what may go out now in a text frame. */
	check(utf8_complete_len((const uint8_t *)"abc", 3) == 3);
	check(utf8_complete_len((const uint8_t *)"ab\xc3", 3) == 2);
	check(utf8_complete_len((const uint8_t *)"ab\xc3\xa9", 4) == 4);
	check(utf8_complete_len((const uint8_t *)"a\xf0\x9f\x98", 4) == 1);
	check(utf8_complete_len((const uint8_t *)"\xf0\x9f\x98\x80", 4) == 4);
	check(utf8_complete_len((const uint8_t *)"\xe2\x82", 2) == 0);
	check(utf8_complete_len((const uint8_t *)"", 0) == 0);
	return check_summary("t_utf8");
}
