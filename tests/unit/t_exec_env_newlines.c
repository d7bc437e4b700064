/*
 * t_exec_env_newlines.c: regressions for exec_env.c.  http-parser
 * accepts an obsolete line folding (RFC 9112 §5.2) and hands over the
 * value with the fold's CR LF inside it; the exec: program must not get
 * a CR or LF in an HTTP_* variable (a program that logs or echoes a
 * header would let the client forge lines), and the header values must
 * have no leading whitespace (as pass_head.c and http_header do).
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "head.h"
#include "exec_env.h"
#include "wsinetd.h"

int
main(void)
{
	static const char req[] =
	    "GET /x HTTP/1.1\r\n"
	    "Host: h\r\n"
	    "X-A: one\r\n"
	    " Injected: two\r\n"
	    "X-B: b\r\n"
	    "\r\n";
	struct exec_env	*e = malloc(sizeof(*e));
	struct conn	*c = calloc(1, sizeof(*c));
	const char	*v;

	check(head_parse(&c->req, req));
	snprintf(c->peer, sizeof(c->peer), "%s", "127.0.0.1:5");
	snprintf(c->rest, sizeof(c->rest), "%s", "/x");
	check(exec_env_build(e, c, NULL, NULL) == 0);
	v = exec_env_get(e, "HTTP_X_A");
	check(v != NULL && strpbrk(v, "\r\n") == NULL);
	check(v != NULL && strncmp(v, "one", 3) == 0);
	v = exec_env_get(e, "HTTP_X_B");
	check(v != NULL && strcmp(v, "b") == 0);
	free(c);

	/* Host is folded too: SERVER_NAME (and SERVER_PORT) come from it. */
	static const char req2[] =
	    "GET /x HTTP/1.1\r\n"
	    "Host: h\r\n"
	    " x:1\r\n"
	    "\r\n";
	c = calloc(1, sizeof(*c));
	check(head_parse(&c->req, req2));
	snprintf(c->peer, sizeof(c->peer), "%s", "127.0.0.1:5");
	snprintf(c->rest, sizeof(c->rest), "%s", "/x");
	check(exec_env_build(e, c, NULL, NULL) == 0);
	v = exec_env_get(e, "SERVER_NAME");
	check(v == NULL || strpbrk(v, "\r\n") == NULL);
	v = exec_env_get(e, "SERVER_PORT");
	check(v == NULL || strpbrk(v, "\r\n") == NULL);
	free(c);
	free(e);
	return check_summary("t_exec_env_newlines");
}
