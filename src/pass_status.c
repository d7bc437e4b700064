/*
 * pass_status.c: which response answers the request a passthrough sent.
 * A backend may send interim 1xx responses first (RFC 9110 §15.2: 100
 * Continue to a client that sent "Expect: 100-continue", 103 Early Hints),
 * each a status line and headers ending in an empty line; they go to the
 * client like every other byte, but the final response is the next one.
 * 101 Switching Protocols is final.  The status is what the access line
 * shows and what pass_frame.c waits for before the bytes that followed
 * an upgrade request may pass.
 *
 * The final head's end (its empty line) is found too: until then, only
 * complete 1xx heads may reach the client (splice.c holds the rest, so
 * that a backend that stalls inside its head can still be answered 504).
 *
 * Bytes are fed as they are read, in pieces of any size; only 12 bytes of
 * each status line are kept.  No I/O, no allocation: t_pass_status feeds
 * it at every split.
 */
#include <string.h>

#include "pass_status.h"

void
pass_status_init(struct pass_status *s)
{
	memset(s, 0, sizeof(*s));
}

/* "HTTP/1.x NNN": NNN, or -1 when the line is not a status line. */
static int
pass_status_code(const char *l)
{
	if (strncmp(l, "HTTP/1.", 7) != 0 || l[7] < '0' || l[7] > '9' ||
	    l[8] != ' ' || l[9] < '1' || l[9] > '5' || l[10] < '0' ||
	    l[10] > '9' || l[11] < '0' || l[11] > '9')
		return -1;
	return (l[9] - '0') * 100 + (l[10] - '0') * 10 + (l[11] - '0');
}

void
pass_status_feed(struct pass_status *s, const uint8_t *p, size_t len)
{
	size_t	 i = 0, take;
	int	 code;

	while (i < len && !s->done) {
		if (s->in_head) {
			/* A head ends at an empty line (CRLF, or a bare
			 * LF as lenient parsers allow). */
			if (p[i] == '\n') {
				if (s->bol && s->interim) {
					s->in_head = s->interim = false;
					s->ready = s->fed + i + 1;
				} else if (s->bol)
					s->done = true;
				s->bol = true;
			} else if (p[i] != '\r') {
				s->bol = false;
			}
			i++;
			continue;
		}
		take = sizeof(s->line) - s->n;
		if (take > len - i)
			take = len - i;
		memcpy(s->line + s->n, p + i, take);
		s->n += take;
		i += take;
		if (s->n < sizeof(s->line))
			break;
		code = pass_status_code(s->line);
		s->n = 0;
		s->in_head = true;	/* its headers, to the empty line */
		s->bol = false;
		if (code >= 100 && code <= 199 && code != 101)
			s->interim = true;	/* the final one follows */
		else if ((s->status = code) < 0)
			s->done = true;		/* not HTTP: no head to end */
	}
	s->fed += len;
	if (s->done)
		s->ready = s->fed;
}
