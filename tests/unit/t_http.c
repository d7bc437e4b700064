/*
 * t_http.c: the request head parser fed whole, byte by byte and cut at
 * every offset; header lookup and RFC 9110 token lists; the 8 KiB limit;
 * and the bytes after the head left for the WebSocket stream.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "http.h"

static const char req[] =
    "GET /chat?x=1 HTTP/1.1\r\n"
    "Host: example.org:9999\r\n"
    "Upgrade: WebSocket\r\n"
    "Connection: keep-alive, Upgrade\r\n"
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
    "Sec-WebSocket-Protocol: superchat,  chat\r\n"
    "sec-websocket-protocol: other\r\n"
    "Sec-WebSocket-Version: 13\r\n"
    "\r\n"
    "\x81\x85\x37\xfa\x21\x3d\x7f\x9f\x4d\x51\x58";	/* pipelined frame */

#define HEAD_LEN (sizeof(req) - 1 - 11)

/* Feed req in pieces of at most `step` bytes, the first one `cut` long. */
static int
parse(struct http_req *r, size_t cut, size_t step, size_t *head_len)
{
	size_t	 have = 0, total = sizeof(req) - 1;
	int	 st = 0;

	http_req_init(r);
	while (have < total && !r->done) {
		size_t n = have == 0 && cut ? cut : step;

		if (n > total - have)
			n = total - have;
		have += n;
		if ((st = http_req_feed(r, (const uint8_t *)req, have,
		    head_len)) != 0)
			return st;
	}
	return r->done ? 0 : -1;
}

static void
check_parsed(struct http_req *r, size_t head_len)
{
	const char	*v;
	size_t		 len;

	check(head_len == HEAD_LEN);
	check(r->method == HTTP_GET && r->major == 1 && r->minor == 1);
	check(strcmp(r->path, "/chat?x=1") == 0);
	check(strcmp(r->method_name, "GET") == 0);
	check(r->nhdr == 7);
	check(http_header(r, "host", &v, &len) && len == 16 &&
	    memcmp(v, "example.org:9999", 16) == 0);
	check(http_has_token(r, "Upgrade", "websocket", true));
	check(http_has_token(r, "connection", "upgrade", true));
	check(http_has_token(r, "Connection", "keep-alive", true));
	check(!http_has_token(r, "Connection", "close", true));
	check(http_has_token(r, "Sec-WebSocket-Protocol", "chat", false));
	check(http_has_token(r, "Sec-WebSocket-Protocol", "superchat", false));
	check(http_has_token(r, "Sec-WebSocket-Protocol", "other", false));
	check(!http_has_token(r, "Sec-WebSocket-Protocol", "super", false));
	check(!http_has_token(r, "Sec-WebSocket-Protocol", "Chat", false));
	check(http_has_token(r, "upgrade", "WEBSOCKET", true));
	check(http_header_count(r, "Sec-WebSocket-Protocol") == 2);
	check(http_header_count(r, "Origin") == 0);
	check(!http_header(r, "Origin", &v, &len));
}

static void
test_splits(void)
{
	struct http_req	*r = malloc(sizeof(*r));
	size_t		 head_len, cut;

	check(parse(r, 0, sizeof(req), &head_len) == 0);
	check_parsed(r, head_len);
	check(parse(r, 0, 1, &head_len) == 0);
	check_parsed(r, head_len);
	for (cut = 1; cut < HEAD_LEN; cut++) {
		check(parse(r, cut, sizeof(req), &head_len) == 0);
		check_parsed(r, head_len);
	}
	free(r);
}

static int
parse_one(const char *s, size_t len)
{
	struct http_req	*r = malloc(sizeof(*r));
	size_t		 head_len;
	int		 st;

	http_req_init(r);
	st = http_req_feed(r, (const uint8_t *)s, len, &head_len);
	if (st == 0 && !r->done)
		st = -1;
	free(r);
	return st;
}

static void
test_refusals(void)
{
	char	*big;
	size_t	 n;

	check(parse_one("\x16\x03\x01\x02\x00\x01", 6) == 400);
	check(parse_one("GET / HTTP/1.1\r\nHost x\r\n\r\n", 26) == 400);
	check(parse_one("GET / HTTP/1.1\r\nHost: x\r\n", 25) == -1);

	/* Exactly at the limit is fine; one byte over is 431. */
	big = malloc(MAX_HEADER_BYTES + 64);
	for (n = MAX_HEADER_BYTES - 1; n <= MAX_HEADER_BYTES + 1; n++) {
		const char *pre = "GET / HTTP/1.1\r\nX: ";
		size_t plen = strlen(pre), fill = n - plen - 4;

		memcpy(big, pre, plen);
		memset(big + plen, 'a', fill);
		memcpy(big + plen + fill, "\r\n\r\n", 4);
		check(parse_one(big, n) == (n <= MAX_HEADER_BYTES ? 0 : 431));
	}
	free(big);

	/* Too many header lines. */
	big = malloc(MAX_HEADER_BYTES);
	n = (size_t)sprintf(big, "GET / HTTP/1.1\r\n");
	for (int i = 0; i <= MAX_HEADERS; i++)
		n += (size_t)sprintf(big + n, "X%d: y\r\n", i);
	n += (size_t)sprintf(big + n, "\r\n");
	check(parse_one(big, n) == 431);
	free(big);
}

static void
test_tokens(void)
{
	const char	*s = " ,a , b\t,,c ,", *p = s, *t;
	size_t		 len, n = 0;
	const char	*want[] = { "a", "b", "c" };

	while (http_next_token(&p, s + strlen(s), &t, &len)) {
		check(n < 3 && len == 1 && *t == *want[n]);
		n++;
	}
	check(n == 3);
}

int
main(void)
{
	test_splits();
	test_refusals();
	test_tokens();
	return check_summary("t_http");
}
