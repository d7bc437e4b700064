/*
 * t_logsafe.c: what logsafe() leaves of text bound for a log line or a
 * journal field: valid UTF-8 kept, C0, DEL and C1 controls and every
 * byte of an invalid sequence replaced by '?', TAB by a space.  Each
 * vector runs whole and cut at every offset (as vsnprintf's truncation
 * cuts a message): a cut never yields anything but safe text.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "logsafe.h"
#include "../fuzz/logsafe_oracle.h"

static bool
same(const char *in, size_t n, const char *want)
{
	char	 buf[256];
	size_t	 len;

	memcpy(buf, in, n);
	len = logsafe(buf, n);
	if (len != strlen(want) || memcmp(buf, want, len) != 0) {
		fprintf(stderr, "got \"%.*s\" for \"%s\"\n", (int)len, buf,
		    want);
		return false;
	}
	return true;
}

#define T(in, want)	check(same(in, sizeof(in) - 1, want))

int
main(void)
{
	static const char *const cuts[] = {
		"h\xc3\xa9llo \xe2\x82\xac \xf0\x9f\x98\x80 \xc2\xa0!",
		"a\xc2\x9b" "31mred\xc2\x9d" "0;title\x07\x1b[2J\xc2\x85",
		"\xff\xfe\xc0\xaf\xe0\x80\xaf\xed\xa0\x80\xf4\x90\x80\x80",
		"\xf0\x9f\x98\xe2\x82\xc3\x80\x80\x80\xbf\x7f\t\n\r",
	};
	char	 buf[64];
	size_t	 i, cut, n, len;

	/* Printable ASCII and valid UTF-8 pass unchanged. */
	T("GET /chat HTTP/1.1", "GET /chat HTTP/1.1");
	T("h\xc3\xa9llo", "h\xc3\xa9llo");			/* é */
	T("\xc2\xa0\xc2\xbf", "\xc2\xa0\xc2\xbf");		/* U+00A0, ¿ */
	T("\xe2\x82\xac\xef\xbf\xbd", "\xe2\x82\xac\xef\xbf\xbd"); /* €, FFFD */
	T("\xf0\x9f\x98\x80\xf4\x8f\xbf\xbf", "\xf0\x9f\x98\x80\xf4\x8f\xbf\xbf");
	T("", "");
	/* C0 and DEL: one '?' each; TAB a space. */
	T("a\nb\rc\x1b[31md\x7f" "e\x01", "a?b?c?[31md?e?");
	T("a\tb", "a b");
	/* C1 (U+0080-U+009F) in UTF-8: CSI, OSC, NEL, U+0080: one '?'. */
	T("x\xc2\x9b" "31m", "x?31m");
	T("x\xc2\x9d" "0;t\x07", "x?0;t?");
	T("\xc2\x85\xc2\x80\xc2\x9f", "???");
	/* Raw C1 bytes and other invalid sequences: a '?' per byte. */
	T("\x9b" "31m", "?31m");
	T("\xff\xfe", "??");
	T("\xc0\xaf", "??");				/* overlong '/' */
	T("\xe0\x80\xaf", "???");			/* overlong '/' */
	T("\xed\xa0\x80", "???");			/* surrogate D800 */
	T("\xf4\x90\x80\x80", "????");			/* U+110000 */
	T("\xf8\x88\x80\x80\x80", "?????");		/* 5-byte form */
	T("\xc3", "?");					/* cut short */
	T("\xe2\x82", "??");
	T("\xf0\x9f\x98" "a", "???a");
	T("\xc3\xa9\x80", "\xc3\xa9?");			/* stray continuation */

	/* Valid but invisible or reordering: bidi controls, separators,
	 * zero-width characters, one '?' each; their neighbours kept. */
	T("root\xe2\x80\xae\xe2\x80\xa8" "fake", "root??fake");	/* 202E 2028 */
	T("\xe2\x80\xa9\xe2\x80\x8b\xe2\x80\x8f", "???");	/* 2029 200B 200F */
	T("\xe2\x81\xa6x\xe2\x81\xa9", "?x?");		/* 2066 2069 */
	T("\xd8\x9c\xef\xbb\xbf\xe2\x81\xa0", "???");	/* 061C FEFF 2060 */
	T("\xe2\x80\x8a\xe2\x80\xaf\xe2\x80\x94", "\xe2\x80\x8a\xe2\x80\xaf\xe2\x80\x94");
	T("\xd8\x9b\xd8\x9d", "\xd8\x9b\xd8\x9d");		/* 061B 061D */

	/* Every cut of every vector is safe, and never longer. */
	for (i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++)
		for (cut = 0; cut <= strlen(cuts[i]); cut++) {
			memcpy(buf, cuts[i], cut);
			n = logsafe(buf, cut);
			check(n <= cut);
			check(oracle_safe((const uint8_t *)buf, n));
			/* Safe text is a fixed point. */
			len = logsafe(buf, n);
			check(len == n);
		}
	/* Every byte value alone, and after a lead byte. */
	for (i = 0; i < 256; i++) {
		buf[0] = (char)i;
		n = logsafe(buf, 1);
		check(n == 1 && oracle_safe((const uint8_t *)buf, 1));
		buf[0] = '\xc2';
		buf[1] = (char)i;
		n = logsafe(buf, 2);
		check(oracle_safe((const uint8_t *)buf, n));
	}
	return check_summary("t_logsafe");
}
