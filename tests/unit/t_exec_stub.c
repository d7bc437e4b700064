/*
 * t_exec_stub.c: the request an exec: stub takes from the filtered process
 * (exec_stub_parse).  It runs unfiltered, so it must take exactly what
 * exec_env.c builds for a configured exec: route and nothing else: a
 * message the builder made passes, with PATH left out (the stub sets its
 * own); another route, a route that is not exec:, a name the builder
 * never writes (LD_PRELOAD, HTTP_PROXY, lower case), an unterminated
 * string or too many variables are refused.  Every prefix of a good
 * message is parsed without harm.
 */
#include <errno.h>
#include <string.h>

#include "check.h"
#include "exec_env.h"
#include "exec_stub.h"
#include "route.h"

static struct route_table table;

/* The message for route idx with the strings in vars (NUL-separated). */
static size_t
msg(char *out, unsigned idx, const char *vars, size_t vlen)
{
	out[0] = (char)(idx & 0xff);
	out[1] = (char)(idx >> 8 & 0xff);
	out[2] = (char)(idx >> 16 & 0xff);
	out[3] = (char)(idx >> 24 & 0xff);
	memcpy(out + EXEC_STUB_HDR, vars, vlen);
	return EXEC_STUB_HDR + vlen;
}

static int
parse(unsigned idx, const char *vars, size_t vlen, size_t *route, char **envp,
    size_t max)
{
	static char	 buf[EXEC_STUB_HDR + 4096];

	return exec_stub_parse(buf, msg(buf, idx, vars, vlen), &table, route,
	    envp, max);
}

#define VARS(s)	s, sizeof(s) - 1

int
main(void)
{
	static const char good[] = "PATH=/bin\0REQUEST_URI=/x?a\0"
	    "HTTP_X_FOO=bar=baz\0HTTP_SEC_WEBSOCKET_KEY=k\0QUERY_STRING=\0";
	char	*envp[16], buf[EXEC_STUB_HDR + sizeof(good)];
	size_t	 route = 99, len, i;
	int	 n;

	check(route_parse("/=echo", &table.r[table.n++]) == 0);
	check(route_parse("/sh=exec:/bin/sh -c true", &table.r[table.n++]) ==
	    0);

	/* What the builder writes passes; PATH is the stub's own. */
	n = parse(1, VARS(good), &route, envp, 16);
	check(n == 4 && route == 1);
	check(n == 4 && strcmp(envp[0], "REQUEST_URI=/x?a") == 0 &&
	    strcmp(envp[1], "HTTP_X_FOO=bar=baz") == 0 &&
	    strcmp(envp[3], "QUERY_STRING=") == 0 && envp[4] == NULL);
	/* No variables at all is a program with only the stub's PATH. */
	check(parse(1, "", 0, &route, envp, 16) == 0 && envp[0] == NULL);

	/* Another route, a route that is not exec:, one past the table. */
	check(parse(0, VARS(good), &route, envp, 16) == -EINVAL);
	check(parse(2, VARS(good), &route, envp, 16) == -EINVAL);
	check(parse(0x01000001, VARS(good), &route, envp, 16) == -EINVAL);

	/* Names the builder never writes. */
	check(parse(1, VARS("LD_PRELOAD=/tmp/x.so\0"), &route, envp, 16) ==
	    -EINVAL);
	check(parse(1, VARS("HTTP_PROXY=http://evil/\0"), &route, envp, 16) ==
	    -EINVAL);
	check(parse(1, VARS("HTTP_x=1\0"), &route, envp, 16) == -EINVAL);
	check(parse(1, VARS("HTTP_=1\0"), &route, envp, 16) == -EINVAL);
	check(parse(1, VARS("HTTPS_X=1\0"), &route, envp, 16) == -EINVAL);
	check(parse(1, VARS("REQUEST_URI\0"), &route, envp, 16) == -EINVAL);
	check(parse(1, VARS("=x\0"), &route, envp, 16) == -EINVAL);
	check(parse(1, VARS("\0"), &route, envp, 16) == -EINVAL);
	check(parse(1, VARS("BASH_ENV=/tmp/x\0"), &route, envp, 16) ==
	    -EINVAL);
	/* Unterminated, and more than fits. */
	check(parse(1, VARS("REQUEST_URI=/x"), &route, envp, 16) == -EINVAL);
	check(parse(1, VARS(good), &route, envp, 4) == -E2BIG);

	/* Every prefix: parsed or refused, never past its end. */
	len = msg(buf, 1, VARS(good));
	for (i = 0; i <= len; i++) {
		n = exec_stub_parse(buf, i, &table, &route, envp, 16);
		check(n == -EINVAL || (n >= 0 && n <= 4));
		if (i < EXEC_STUB_HDR)
			check(n == -EINVAL);
	}

	/* The builder's own names pass the stub's check (exec_env_name_ok). */
	check(exec_env_name_ok("SSL_PEER_CERT_SUBJECT=CN=x"));
	check(exec_env_name_ok("WEBSOCKET_PROTOCOL=binary"));
	check(exec_env_name_ok("REMOTE_USER=") && exec_env_name_ok(
	    "REMOTE_USER=alice") && exec_env_name_ok("AUTH_TYPE=Basic"));
	check(exec_env_name_ok("HTTP_X_FORWARDED_FOR=1.2.3.4"));
	check(!exec_env_name_ok("PATHX=1"));
	return check_summary("t_exec_stub");
}
