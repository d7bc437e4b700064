/*
 * t_http_smuggling.c: regressions for http.c.  A passthrough backend
 * gets the client's headers and its body framed as we framed it, so any
 * head the two could frame differently is refused with 400 (RFC 9112):
 * whitespace between a field name and its colon (§5.1: "MUST reject";
 * http-parser accepts "Transfer-Encoding : chunked" as chunked, and a
 * backend that ignores the odd name reads the body as requests), and a
 * Transfer-Encoding that came in an HTTP/1.0 request (§6.3, §6.1: the
 * length cannot be determined).  A Transfer-Encoding other than one line
 * "chunked" is 501 (§6.1: the one coding we implement): "gzip, chunked"
 * and "identity" then "chunked" were framed as chunked before.  HTTP/0.9
 * is 400 and a major version above 1 is 505 (§2.3): both were passed on
 * as HTTP/1.1.
 */
#include <string.h>

#include "check.h"
#include "http.h"

static int
feed(const char *h)
{
	struct http_req	 r;
	size_t		 n = 0;
	int		 st;

	http_req_init(&r);
	st = http_req_feed(&r, (const uint8_t *)h, strlen(h), &n);
	return st != 0 ? st : r.done ? 0 : -1;
}

int
main(void)
{
	check(feed("POST / HTTP/1.1\r\nHost: a\r\n"
	    "Transfer-Encoding : chunked\r\n\r\n") == 400);
	check(feed("POST / HTTP/1.1\r\nHost: a\r\n"
	    "Content-Length\t: 5\r\n\r\n") == 400);
	check(feed("POST / HTTP/1.1\r\nHost: a\r\n"
	    "Transfer-Encoding: gzip\r\n\r\n") == 501);
	check(feed("POST / HTTP/1.1\r\nHost: a\r\n"
	    "Transfer-Encoding: chunked, gzip\r\n\r\n") == 501);
	check(feed("POST / HTTP/1.1\r\nHost: a\r\n"
	    "Transfer-Encoding: chunked\r\nTransfer-Encoding: gzip\r\n\r\n")
	    == 501);
	check(feed("POST / HTTP/1.1\r\nHost: a\r\n"
	    "Transfer-Encoding: \x0b" "chunked\r\n\r\n") == 501);
	check(feed("POST / HTTP/1.1\r\nHost: a\r\n"
	    "Transfer-Encoding: gzip, chunked\r\n\r\n") == 501);
	check(feed("POST / HTTP/1.1\r\nHost: a\r\n"
	    "Transfer-Encoding: identity\r\nTransfer-Encoding: chunked\r\n"
	    "\r\n") == 501);
	check(feed("POST / HTTP/1.1\r\nHost: a\r\n"
	    "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n"
	    "\r\n") == 501);
	check(feed("POST / HTTP/1.1\r\nHost: a\r\n"
	    "Transfer-Encoding: chunked, chunked\r\n\r\n") == 501);
	check(feed("POST / HTTP/1.1\r\nHost: a\r\n"
	    "Transfer-Encoding: , chunked\r\n\r\n") == 501);
	check(feed("POST / HTTP/1.1\r\nHost: a\r\n"
	    "Transfer-Encoding: chunked;x=1\r\n\r\n") == 501);
	check(feed("POST / HTTP/1.1\r\nHost: a\r\n"
	    "Transfer-Encoding: identity\r\n\r\n") == 501);
	check(feed("POST / HTTP/1.1\r\nHost: a\r\n"
	    "Transfer-Encoding:\r\n\r\n") == 501);
	check(feed("POST / HTTP/1.0\r\nHost: a\r\n"
	    "Transfer-Encoding: chunked\r\n\r\n") == 400);
	/* HTTP/0.9 (no headers) and major versions above 1. */
	check(feed("GET /\r\n\r\n") == 400);
	check(feed("GET / HTTP/2.0\r\nHost: a\r\n\r\n") == 505);
	check(feed("GET / HTTP/3.0\r\nHost: a\r\n\r\n") == 505);
	/* Still fine. */
	check(feed("GET / HTTP/1.2\r\nHost: a\r\n\r\n") == 0);
	check(feed("POST / HTTP/1.1\r\nHost: a\r\n"
	    "Transfer-Encoding: chunked\r\n\r\n") == 0);
	check(feed("POST / HTTP/1.1\r\nHost: a\r\n"
	    "Transfer-Encoding: CHUNKED \r\n\r\n") == 0);
	check(feed("POST / HTTP/1.1\r\nHost: a\r\n"
	    "Content-Length: 5\r\n\r\n") == 0);
	check(feed("GET / HTTP/1.1\r\nHost: a\r\nX-A: b c\r\n\r\n") == 0);
	return check_summary("t_http_smuggling");
}
