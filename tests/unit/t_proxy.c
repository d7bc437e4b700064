/*
 * t_proxy.c: the PROXY header parser, each vector fed whole, and cut at
 * every offset: every prefix of a valid header must be PROXY_PARTIAL (so
 * the reader may consume it), never BAD or OK (STYLE.md habit 12).
 */
#include <string.h>

#include "check.h"
#include "proxy.h"

struct vec {
	const char	*bytes;
	size_t		 len;
	int		 want;
	const char	*peer;		/* PROXY_OK: "" when local */
	size_t		 hdrlen;
};

#define SIG "\r\n\r\n\0\r\nQUIT\n"
#define V(s, w, peer, hl) { s, sizeof(s) - 1, w, peer, hl }

static const struct vec vecs[] = {
	V("PROXY TCP4 192.0.2.1 198.51.100.2 56324 443\r\n", PROXY_OK,
	    "192.0.2.1:56324", 45),
	V("PROXY TCP4 192.0.2.1 198.51.100.2 56324 443\r\nGET /", PROXY_OK,
	    "192.0.2.1:56324", 45),
	V("PROXY TCP6 2001:db8::1 2001:db8::2 65535 80\r\n", PROXY_OK,
	    "[2001:db8::1]:65535", 45),
	V("PROXY UNKNOWN\r\n", PROXY_OK, "", 15),
	V("PROXY UNKNOWN ffff:f...f:ffff 1 2\r\n", PROXY_OK, "", 35),
	V("PROXY TCP4 192.0.2.1 198.51.100.2 0 0\r\n", PROXY_OK,
	    "192.0.2.1:0", 39),
	/* v2: PROXY TCP4 192.0.2.1:56324 -> 198.51.100.2:443 */
	V(SIG "\x21\x11\x00\x0c\xc0\x00\x02\x01\xc6\x33\x64\x02\xdc\x04"
	    "\x01\xbb", PROXY_OK, "192.0.2.1:56324", 28),
	/* v2 TCP4 with a 3-byte TLV after the addresses */
	V(SIG "\x21\x11\x00\x0f\xc0\x00\x02\x01\xc6\x33\x64\x02\xdc\x04"
	    "\x01\xbb\x04\x00\x00", PROXY_OK, "192.0.2.1:56324", 31),
	/* v2 TCP6 ::1 port 1 */
	V(SIG "\x21\x21\x00\x24" "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x01"
	    "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x01" "\x00\x01\x00\x50",
	    PROXY_OK, "[::1]:1", 52),
	V(SIG "\x20\x00\x00\x00", PROXY_OK, "", 16),	/* LOCAL */
	V(SIG "\x21\x00\x00\x00", PROXY_OK, "", 16),	/* PROXY UNSPEC */

	V("GET / HTTP/1.1\r\n", PROXY_BAD, NULL, 0),
	V("\x16\x03\x01", PROXY_BAD, NULL, 0),		/* TLS, no header */
	V("PROXY TCP4 192.0.2.1 198.51.100.2 56324\r\n", PROXY_BAD, NULL, 0),
	V("PROXY TCP4 192.0.2.1 198.51.100.2 56324 443 x\r\n", PROXY_BAD,
	    NULL, 0),
	V("PROXY TCP4 2001:db8::1 198.51.100.2 1 2\r\n", PROXY_BAD, NULL, 0),
	V("PROXY TCP6 192.0.2.1 198.51.100.2 1 2\r\n", PROXY_BAD, NULL, 0),
	V("PROXY TCP4 192.0.2.1 198.51.100.2 65536 2\r\n", PROXY_BAD, NULL,
	    0),
	V("PROXY TCP4 192.0.2.1 198.51.100.2 01 2\r\n", PROXY_BAD, NULL, 0),
	V("PROXY TCP4 192.0.2.1 198.51.100.2 -1 2\r\n", PROXY_BAD, NULL, 0),
	V("PROXY TCP4  192.0.2.1 198.51.100.2 1 2\r\n", PROXY_BAD, NULL, 0),
	V("PROXY UDP4 192.0.2.1 198.51.100.2 1 2\r\n", PROXY_BAD, NULL, 0),
	V("PROXY TCP4 192.0.2.1 198.51.100.2 1 2\n", PROXY_BAD, NULL, 0),
	V("PROXY TCP4 1.1.1.1 2.2.2.2 1 2 aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaa", PROXY_BAD, NULL, 0),		/* 107 bytes, no CRLF */
	V(SIG "\x11\x11\x00\x0c", PROXY_BAD, NULL, 0),	/* version 1 */
	V(SIG "\x22\x11\x00\x0c", PROXY_BAD, NULL, 0),	/* command 2 */
	V(SIG "\x21\x11\x00\x04\x01\x02\x03\x04", PROXY_BAD, NULL, 0),
	V(SIG "\x21\x12\x00\x0c\xc0\x00\x02\x01\xc6\x33\x64\x02\xdc\x04"
	    "\x01\xbb", PROXY_BAD, NULL, 0),		/* UDP4 */
	V(SIG "\x21\x11\x04\x01", PROXY_BAD, NULL, 0),	/* 1025 bytes */
	V(SIG "\x21\x41\x00\x00", PROXY_BAD, NULL, 0),	/* family 4 */
	V("\r\n\r\n\0\r\nQUIX\n\x21\x11\x00\x00", PROXY_BAD, NULL, 0),

	V("PROXY TCP4 192.0.2.1", PROXY_PARTIAL, NULL, 0),
	V("PROX", PROXY_PARTIAL, NULL, 0),
	V(SIG "\x21\x11\x00\x0c\xc0", PROXY_PARTIAL, NULL, 0),
	V("\r\n\r", PROXY_PARTIAL, NULL, 0),
};

static void
check_one(const struct vec *v)
{
	struct proxy_info pi;
	size_t		 hl, cut;
	int		 r;

	r = proxy_parse((const unsigned char *)v->bytes, v->len, &pi, &hl);
	check(r == v->want);
	if (r != v->want)
		fprintf(stderr, "  vector %.40s: got %d (%s)\n", v->bytes, r,
		    pi.why);
	if (v->want == PROXY_OK) {
		check(hl == v->hdrlen);
		if (hl != v->hdrlen)
			fprintf(stderr, "  %.40s: hdrlen %zu\n", v->bytes, hl);
		check(strcmp(pi.peer, v->peer) == 0);
		check(pi.local == (v->peer[0] == '\0'));
		/* Only v2's LOCAL command is the proxy's own connection
		 * (a health check); v1 UNKNOWN and v2 UNSPEC are relayed. */
		check(pi.own == (v->len > 12 && memcmp(v->bytes, SIG, 12) ==
		    0 && (v->bytes[12] & 0x0f) == 0));
		/* Every cut before the end of the header is PARTIAL. */
		for (cut = 0; cut < v->hdrlen; cut++) {
			r = proxy_parse((const unsigned char *)v->bytes, cut,
			    &pi, &hl);
			check(r == PROXY_PARTIAL);
			if (r != PROXY_PARTIAL)
				fprintf(stderr, "  %.40s cut %zu: %d\n", v->bytes, cut, r);
		}
	}
	if (v->want == PROXY_BAD)
		check(pi.why[0] != '\0');
}

int
main(void)
{
	size_t	 i;

	for (i = 0; i < sizeof(vecs) / sizeof(vecs[0]); i++)
		check_one(&vecs[i]);
	return check_summary("t_proxy");
}
