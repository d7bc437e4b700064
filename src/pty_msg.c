/*
 * pty_msg.c: the one message a --pty client sends that is not the
 * terminal's input: a text message that sets the window's size,
 *
 *	{"cols":80,"rows":24}
 *
 * A JSON object with exactly the members "cols" and "rows", in either
 * order, each a decimal integer from 1 to PTY_DIM_MAX without sign,
 * fraction, exponent or leading zero; JSON's whitespace (RFC 8259 §2:
 * space, tab, CR, LF) may stand between tokens.  Nothing else is
 * accepted: no other member, no duplicate, no escape in a name (a name
 * is compared as written), no trailing bytes.  A parser only (STYLE.md
 * habit 3): no I/O, no logging, so t_pty_msg.c and fuzz_pty_msg.c call
 * it directly.
 */
#include <stdbool.h>
#include <string.h>

#include "pty_msg.h"

struct pty_scan {
	const uint8_t	*p, *end;
};

static void
pty_msg_ws(struct pty_scan *s)
{
	while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' ||
	    *s->p == '\r' || *s->p == '\n'))
		s->p++;
}

/* The byte ch, after whitespace. */
static bool
pty_msg_byte(struct pty_scan *s, uint8_t ch)
{
	pty_msg_ws(s);
	if (s->p == s->end || *s->p != ch)
		return false;
	s->p++;
	return true;
}

/* "cols" or "rows": 0 or 1, or -1 for anything else. */
static int
pty_msg_name(struct pty_scan *s)
{
	static const char *const names[] = { "\"cols\"", "\"rows\"" };
	int	 i;

	pty_msg_ws(s);
	for (i = 0; i < 2; i++)
		if ((size_t)(s->end - s->p) >= 6 &&
		    memcmp(s->p, names[i], 6) == 0) {
			s->p += 6;
			return i;
		}
	return -1;
}

/* 1 to PTY_DIM_MAX, digits only, no leading zero: the value or 0. */
static unsigned
pty_msg_number(struct pty_scan *s)
{
	unsigned	 v = 0;

	pty_msg_ws(s);
	if (s->p == s->end || *s->p < '1' || *s->p > '9')
		return 0;
	while (s->p < s->end && *s->p >= '0' && *s->p <= '9') {
		v = v * 10 + (unsigned)(*s->p++ - '0');
		if (v > PTY_DIM_MAX)
			return 0;
	}
	return v;
}

/*
 * p[0..n) is a whole text message.  Returns 0 with *cols and *rows set,
 * or -1 when it is not a resize message as above (nothing is set).
 */
int
pty_msg_parse(const uint8_t *p, size_t n, unsigned *cols, unsigned *rows)
{
	struct pty_scan	 s = { p, p + n };
	unsigned	 v[2] = { 0, 0 };
	int		 i, k;

	if (n > PTY_MSG_MAX || !pty_msg_byte(&s, '{'))
		return -1;
	for (i = 0; i < 2; i++) {
		if (i == 1 && !pty_msg_byte(&s, ','))
			return -1;
		if ((k = pty_msg_name(&s)) < 0 || v[k] != 0 ||
		    !pty_msg_byte(&s, ':') || (v[k] = pty_msg_number(&s)) == 0)
			return -1;
	}
	if (!pty_msg_byte(&s, '}'))
		return -1;
	pty_msg_ws(&s);
	if (s.p != s.end)
		return -1;
	*cols = v[0];
	*rows = v[1];
	return 0;
}
