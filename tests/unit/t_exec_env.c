/*
 * t_exec_env.c: the exec: program's environment: CGI names from the
 * request, the peer and the route; headers as HTTP_* with unsafe names
 * dropped; TLS facts under both names; the EXEC_ENV_MAX bound.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "head.h"
#include "exec_env.h"
#include "wsinetd.h"

static struct conn *
conn_for(const char *req, const char *peer, const char *prefix,
    const char *rest)
{
	struct conn	*c = calloc(1, sizeof(*c));

	if (!head_parse(&c->req, req)) {
		free(c);
		return NULL;
	}
	snprintf(c->peer, sizeof(c->peer), "%s", peer);
	c->route_prefix = prefix;
	snprintf(c->rest, sizeof(c->rest), "%s", rest);
	return c;
}

static int
is(const struct exec_env *e, const char *name, const char *want)
{
	const char *v = exec_env_get(e, name);

	if (want == NULL)
		return v == NULL;
	return v != NULL && strcmp(v, want) == 0;
}

/* How many times NAME= occurs: never twice. */
static int
count(const struct exec_env *e, const char *name)
{
	size_t	 i, n = strlen(name);
	int	 k = 0;

	for (i = 0; i < e->n; i++)
		if (strncmp(e->vars[i], name, n) == 0 && e->vars[i][n] == '=')
			k++;
	return k;
}

int
main(void)
{
	struct exec_env	*e = malloc(sizeof(*e));
	struct conn	*c;
	char		*big;

	c = conn_for("GET /app/sub/x?a=1&b=2 HTTP/1.1\r\n"
	    "Host: Example.org:8443\r\n"
	    "Upgrade: websocket\r\nConnection: Upgrade\r\n"
	    "X-Foo: bar\r\nx-foo: baz\r\n"
	    "Proxy: http://evil:1/\r\n"
	    "X_Under: no\r\n"
	    "Path: /evil\r\n"
	    "Accept-Language: de\r\n\r\n",
	    "192.0.2.7:40000", "/app/", "/sub/x?a=1&b=2");
	check(c != NULL);
	check(exec_env_build(e, c, "/opt/bin:/bin", "8080") == 0);
	check(e->vars[e->n] == NULL);
	check(is(e, "PATH", "/opt/bin:/bin"));
	check(count(e, "PATH") == 1);
	check(is(e, "HTTP_PATH", "/evil"));
	check(is(e, "REMOTE_ADDR", "192.0.2.7"));
	check(is(e, "REMOTE_PORT", "40000"));
	check(is(e, "SERVER_NAME", "Example.org"));
	check(is(e, "SERVER_PORT", "8080"));
	check(is(e, "SERVER_PROTOCOL", "HTTP/1.1"));
	check(is(e, "SERVER_SOFTWARE", "wsinetd/" WSINETD_VERSION));
	check(is(e, "GATEWAY_INTERFACE", "websocketd-CGI/0.1"));
	check(is(e, "REQUEST_METHOD", "GET"));
	check(is(e, "REQUEST_URI", "/app/sub/x?a=1&b=2"));
	check(is(e, "SCRIPT_NAME", "/app"));
	check(is(e, "PATH_INFO", "/sub/x"));
	check(is(e, "QUERY_STRING", "a=1&b=2"));
	check(is(e, "HTTP_X_FOO", "bar, baz"));
	check(count(e, "HTTP_X_FOO") == 1);
	check(is(e, "HTTP_ACCEPT_LANGUAGE", "de"));
	check(is(e, "HTTP_HOST", "Example.org:8443"));
	check(is(e, "HTTP_PROXY", NULL));	/* httpoxy */
	check(is(e, "HTTP_X_UNDER", NULL));	/* '_' in the name */
	check(is(e, "HTTPS", NULL));
	check(is(e, "WEBSOCKET_PROTOCOL", NULL));
	check(is(e, "SSL_PROTOCOL", NULL));
	check(is(e, "LISTEN_FDS", NULL));
	free(c);

	/* IPv6 peer, no Host port, no query, default route, no PATH. */
	c = conn_for("GET / HTTP/1.1\r\nHost: [2001:db8::1]\r\n\r\n",
	    "[2001:db8::5]:443", "/", "/");
	check(c != NULL);
	c->subprotocol = "binary";
	c->tlsf.on = true;
	strcpy(c->tlsf.protocol, "TLS1.3");
	strcpy(c->tlsf.cipher, "TLS_AES_256_GCM_SHA384");
	strcpy(c->tlsf.sni, "example.org");
	strcpy(c->tlsf.client_dn, "CN=alice,O=Test");
	check(exec_env_build(e, c, NULL, NULL) == 0);
	check(is(e, "PATH", EXEC_DEFAULT_PATH));
	check(is(e, "REMOTE_ADDR", "2001:db8::5"));
	check(is(e, "REMOTE_PORT", "443"));
	check(is(e, "SERVER_NAME", "[2001:db8::1]"));
	check(is(e, "SERVER_PORT", NULL));
	check(is(e, "SCRIPT_NAME", ""));
	check(is(e, "PATH_INFO", "/"));
	check(is(e, "QUERY_STRING", ""));
	check(is(e, "WEBSOCKET_PROTOCOL", "binary"));
	check(is(e, "HTTPS", "on"));
	check(is(e, "SSL_PROTOCOL", "TLS1.3"));
	check(is(e, "SSL_CIPHER", "TLS_AES_256_GCM_SHA384"));
	check(is(e, "SSL_TLS_SNI_SERVERNAME", "example.org"));
	check(is(e, "SSL_CLIENT_DN", "CN=alice,O=Test"));
	check(is(e, "SSL_PEER_CERT_SUBJECT", "CN=alice,O=Test"));
	free(c);

	/* Peers without a port, or not IP at all; Host's port as fallback. */
	c = conn_for("GET /p HTTP/1.1\r\nHost: h:81\r\n\r\n", "[::1]", "",
	    "/p");
	check(c != NULL);
	check(exec_env_build(e, c, "/bin", "") == 0);
	check(is(e, "REMOTE_ADDR", "::1"));
	check(is(e, "REMOTE_PORT", NULL));
	check(is(e, "SERVER_NAME", "h"));
	check(is(e, "SERVER_PORT", "81"));
	snprintf(c->peer, sizeof(c->peer), "unix");
	check(exec_env_build(e, c, "/bin", NULL) == 0);
	check(is(e, "REMOTE_ADDR", NULL));
	snprintf(c->peer, sizeof(c->peer), "198.51.100.1");
	check(exec_env_build(e, c, "/bin", NULL) == 0);
	check(is(e, "REMOTE_ADDR", "198.51.100.1"));
	check(is(e, "REMOTE_PORT", NULL));

	/* EXEC_ENV_MAX: a PATH that alone passes it is refused, not cut. */
	big = malloc(EXEC_ENV_MAX + 1);
	memset(big, 'a', EXEC_ENV_MAX);
	big[EXEC_ENV_MAX] = '\0';
	check(exec_env_build(e, c, big, NULL) < 0);
	big[EXEC_ENV_MAX - 4096] = '\0';
	check(exec_env_build(e, c, big, NULL) == 0);
	check(e->used <= EXEC_ENV_MAX);
	free(big);
	free(c);
	free(e);
	return check_summary("t_exec_env");
}
