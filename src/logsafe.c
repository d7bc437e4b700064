/*
 * logsafe.c: what a log line or a journal field may hold.  Client bytes
 * reach them (a Host, a token, a path, a TLS server name, an exec:
 * program's stderr), and a person reads them in a terminal, or a tool
 * (fail2ban, journalctl's JSON) parses them: each must see only what we
 * wrote.  So the text becomes valid UTF-8 (RFC 3629) without C0 controls
 * (U+0000-U+001F: a newline forges a line, ESC starts a terminal
 * sequence), DEL (U+007F) or C1 controls (U+0080-U+009F: UTF-8 "\xc2\x9b"
 * is CSI and "\xc2\x9d" OSC, which terminals act on as ESC [ and ESC ]).
 * Each such character, and each byte that is not part of a valid sequence
 * (a stray continuation, an overlong form, a surrogate, past U+10FFFF, a
 * sequence cut short), becomes one '?'; a TAB becomes a space.  So does
 * each valid character that reorders or hides text without being seen:
 * the bidirectional controls (U+061C, U+200E-U+200F, U+202A-U+202E,
 * U+2066-U+2069: "\u202e" shows what follows backwards), the line and
 * paragraph separators U+2028-U+2029 (a new line to some viewers), and
 * the zero-width and invisible ones (U+200B-U+200D, U+2060-U+2064,
 * U+FEFF).  Other characters, "é" in a Host among them, are kept.
 *
 * A parser in STYLE.md's sense: bytes in, bytes out, no I/O; t_logsafe.c
 * and fuzz_logsafe.c call it directly.
 */
#include <stdbool.h>
#include <stdint.h>

#include "logsafe.h"

/*
 * The length of the valid UTF-8 sequence at p[0..n) that is no control
 * character, or 0 (RFC 3629 §4's table: the second byte's range depends
 * on the first, which rules out overlong forms, surrogates and code
 * points past U+10FFFF).
 */
static size_t
logsafe_char(const uint8_t *p, size_t n)
{
	uint8_t	 lo = 0x80, hi = 0xbf;
	size_t	 len, i;

	if (p[0] >= 0x20 && p[0] < 0x7f)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		len = 2;
		if (p[0] == 0xc2)
			lo = 0xa0;		/* U+0080-U+009F: C1 */
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		len = 3;
		if (p[0] == 0xe0)
			lo = 0xa0;		/* overlong */
		else if (p[0] == 0xed)
			hi = 0x9f;		/* surrogates */
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		len = 4;
		if (p[0] == 0xf0)
			lo = 0x90;		/* overlong */
		else if (p[0] == 0xf4)
			hi = 0x8f;		/* past U+10FFFF */
	} else
		return 0;			/* C0, DEL, 0x80-0xc1, 0xf5- */
	if (n < len || p[1] < lo || p[1] > hi)
		return 0;
	for (i = 2; i < len; i++)
		if (p[i] < 0x80 || p[i] > 0xbf)
			return 0;
	return len;
}

/* Is the valid sequence p[0..len) one of the invisible characters? */
static bool
logsafe_invisible(const uint8_t *p, size_t len)
{
	uint32_t cp;

	if (len == 2)
		return p[0] == 0xd8 && p[1] == 0x9c;		/* U+061C */
	if (len != 3)
		return false;
	cp = (uint32_t)(p[0] & 0x0f) << 12 | (uint32_t)(p[1] & 0x3f) << 6 |
	    (p[2] & 0x3f);
	return (cp >= 0x200b && cp <= 0x200f) ||
	    (cp >= 0x2028 && cp <= 0x202e) ||
	    (cp >= 0x2060 && cp <= 0x2064) ||
	    (cp >= 0x2066 && cp <= 0x2069) || cp == 0xfeff;
}

/*
 * Rewrite s[0..n) in place as described above.  Returns the new length,
 * never more than n (a replacement is one byte for one or more); the
 * caller adds the NUL if it wants one.
 */
size_t
logsafe(char *s, size_t n)
{
	uint8_t	*p = (uint8_t *)s;
	size_t	 in = 0, out = 0, k;
	uint8_t	 rep;

	while (in < n) {
		if ((k = logsafe_char(p + in, n - in)) > 0 &&
		    logsafe_invisible(p + in, k)) {
			in += k;
			p[out++] = '?';
			continue;
		}
		if (k > 0) {
			while (k-- > 0)
				p[out++] = p[in++];
			continue;
		}
		rep = p[in] == '\t' ? ' ' : '?';
		if (p[in] == 0xc2 && n - in >= 2 && p[in + 1] >= 0x80 &&
		    p[in + 1] <= 0x9f)
			in += 2;		/* a C1 control: one '?' */
		else
			in++;
		p[out++] = rep;
	}
	return out;
}
