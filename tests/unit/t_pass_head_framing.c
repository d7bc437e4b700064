/*
 * t_pass_head_framing.c: regressions for pass_head.c.  A client's
 * Connection header must not strip the headers that frame the body we
 * splice (Content-Length, Transfer-Encoding): the backend would read the
 * body as the next request, one whose head nobody rewrote (request
 * smuggling: spoofed X-Forwarded-For, any path on the backend).
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "head.h"
#include "http.h"
#include "pass_head.h"

static char *
build(const char *head)
{
	static char	 out[16384];
	struct pass_head_in in = { "/", "/x", "backend.test", "10.0.0.7",
	    false, false, false };
	struct http_req	*r = malloc(sizeof(*r));
	size_t		 n = 0;

	if (!head_parse(r, head) || pass_head_build(r, &in, out,
	    sizeof(out) - 1, &n) != 0) {
		free(r);
		return NULL;
	}
	out[n] = '\0';
	free(r);
	return out;
}

static void
test_connection_names_framing(void)
{
	char	*out;

	out = build("POST /x HTTP/1.1\r\nHost: a\r\n"
	    "Connection: keep-alive, Content-Length\r\n"
	    "Content-Length: 5\r\n\r\n");
	check(out != NULL && strstr(out, "\r\nContent-Length: 5\r\n") != NULL);
	out = build("POST /x HTTP/1.1\r\nHost: a\r\n"
	    "Connection: transfer-encoding\r\n"
	    "Transfer-Encoding: chunked\r\n\r\n");
	check(out != NULL &&
	    strstr(out, "\r\nTransfer-Encoding: chunked\r\n") != NULL);
}

int
main(void)
{
	test_connection_names_framing();
	return check_summary("t_pass_head_framing");
}
