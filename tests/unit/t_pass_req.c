/*
 * t_pass_req.c: request framing for keep-alive passthrough: which body
 * follows a head, and the chunked scanner fed whole, byte by byte and cut
 * at every offset, on valid bodies (extensions, trailers) and malformed
 * ones.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "head.h"
#include "http.h"
#include "pass_req.h"

static enum pass_body
body_of(const char *head, uint64_t *len)
{
	struct http_req	*r = malloc(sizeof(*r));
	enum pass_body	 b;

	if (!head_parse(r, head)) {
		fprintf(stderr, "cannot parse test head:\n%s", head);
		exit(2);
	}
	*len = 0;
	b = pass_req_body(r, len);
	free(r);
	return b;
}

static void
test_body(void)
{
	uint64_t	 len;

	check(body_of("GET / HTTP/1.1\r\nHost: h\r\n\r\n", &len) ==
	    PASS_BODY_NONE);
	check(body_of("POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n", &len) ==
	    PASS_BODY_NONE);
	check(body_of("POST / HTTP/1.1\r\nContent-Length: 12345\r\n\r\n",
	    &len) == PASS_BODY_LENGTH && len == 12345);
	check(body_of("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n",
	    &len) == PASS_BODY_CHUNKED);
	check(body_of("GET / HTTP/1.1\r\nConnection: Upgrade\r\n"
	    "Upgrade: websocket\r\n\r\n", &len) == PASS_BODY_RAW);
	check(body_of("CONNECT h:443 HTTP/1.1\r\nHost: h:443\r\n\r\n", &len) ==
	    PASS_BODY_RAW);
	/* Upgrade without Connection: upgrade is no upgrade. */
	check(body_of("GET / HTTP/1.1\r\nUpgrade: websocket\r\n\r\n", &len) ==
	    PASS_BODY_NONE);
}

/* Scan s in pieces (first piece cut, then step): body length or -1. */
static long
scan(const char *s, size_t cut, size_t step)
{
	struct chunked	 ck;
	size_t		 total = strlen(s), at = 0, n;
	ssize_t		 k;
	bool		 done = false;

	chunked_init(&ck);
	while (at < total && !done) {
		n = at == 0 && cut ? cut : step;
		if (n > total - at)
			n = total - at;
		k = chunked_scan(&ck, (const uint8_t *)s + at, n, &done);
		if (k < 0)
			return -1;
		if (!done && (size_t)k != n)
			return -2;	/* must take all until the end */
		at += (size_t)k;
	}
	return done ? (long)at : -3;
}

/* Whole, byte by byte, and cut at every offset: always the same. */
static bool
scan_all(const char *s, long want)
{
	size_t	 cut, len = strlen(s);

	if (scan(s, 0, len) != want || scan(s, 0, 1) != want)
		return false;
	for (cut = 1; cut < len; cut++)
		if (scan(s, cut, len) != want)
			return false;
	return true;
}

static void
test_chunked(void)
{
	const char	*a = "5\r\nhello\r\n0\r\n\r\n";
	const char	*b = "1A;name=\"v\"\r\nabcdefghijklmnopqrstuvwxyz\r\n"
	    "3 \r\nxyz\r\n0\r\nExpires: never\r\nX-T: 1\r\n\r\n";
	char		 buf[256];

	check(scan_all(a, (long)strlen(a)));
	check(scan_all(b, (long)strlen(b)));
	check(scan_all("0\r\n\r\n", 5));
	/* The next request after the body is not taken. */
	snprintf(buf, sizeof(buf), "%sGET / HTTP/1.1\r\n\r\n", a);
	check(scan_all(buf, (long)strlen(a)));
	/* Malformed. */
	check(scan_all("z\r\n", -1));
	check(scan_all("\r\n", -1));
	check(scan_all("5\nhello\r\n0\r\n\r\n", -1));	/* bare LF */
	check(scan_all("5\r\nhelloX\r\n0\r\n\r\n", -1));
	check(scan_all("5\r\nhello\r\n0\r\n\n", -1));
	check(scan_all("1000000000000000\r\n", -1));	/* 16 digits */
	check(scan("fffffffffffffff\r\n", 0, 100) == -3);	/* 15: fine */
	memset(buf, 'x', sizeof(buf));
	memcpy(buf, "1;", 2);
	buf[sizeof(buf) - 1] = '\0';
	check(scan(buf, 0, 1) == -3);		/* long, but under the limit */
}

static void
test_ext_limit(void)
{
	static char	 s[CHUNK_LINE_MAX + 16];

	memset(s, 'x', sizeof(s) - 1);
	memcpy(s, "1;", 2);
	s[sizeof(s) - 1] = '\0';
	check(scan(s, 0, sizeof(s)) == -1);
}

int
main(void)
{
	test_body();
	test_chunked();
	test_ext_limit();
	return check_summary("t_pass_req");
}
