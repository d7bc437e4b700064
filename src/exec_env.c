/*
 * exec_env.c: the environment of an exec: program, CGI-style (RFC 3875
 * names where they exist, websocketd's otherwise), from the connection:
 * the request, the client's address, the route, the subprotocol and the
 * TLS facts.  A builder only: no system calls, no logging, so the unit
 * test and a fuzzer can call it directly.
 *
 * Request headers become HTTP_NAME (uppercased, '-' to '_').  A name with
 * any other character than [A-Za-z0-9-] is dropped, '_' included, so
 * "X_Foo" cannot pose as "X-Foo"; HTTP_PROXY is never set (httpoxy), and
 * the prefix keeps a header from setting PATH or any other variable.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "exec_env.h"
#include "wsinetd.h"

/* Append "NAME=VALUE" (value: vlen bytes, CR and LF of an obs-fold as
 * spaces, as in exec_env_headers); 0 or -E2BIG. */
static int
exec_env_add(struct exec_env *e, const char *name, const char *value,
    size_t vlen)
{
	size_t	 nlen = strlen(name), need = nlen + 1 + vlen + 1, i;
	char	*p;

	if (e->n >= EXEC_ENV_VARS || need > sizeof(e->buf) - e->used)
		return -E2BIG;
	p = e->buf + e->used;
	memcpy(p, name, nlen);
	p[nlen] = '=';
	for (i = 0; i < vlen; i++)
		p[nlen + 1 + i] = value[i] == '\r' || value[i] == '\n' ? ' ' :
		    value[i];
	p[nlen + 1 + vlen] = '\0';
	e->vars[e->n++] = p;
	e->vars[e->n] = NULL;
	e->used += need;
	return 0;
}

static int
exec_env_str(struct exec_env *e, const char *name, const char *value)
{
	return exec_env_add(e, name, value, strlen(value));
}

/* The names exec_env_build() writes besides HTTP_*, for exec_env_name_ok. */
static const char *const exec_env_names[] = {
	"PATH", "GATEWAY_INTERFACE", "SERVER_SOFTWARE", "SERVER_PROTOCOL",
	"REQUEST_METHOD", "REQUEST_URI", "SCRIPT_NAME", "PATH_INFO",
	"QUERY_STRING", "REMOTE_ADDR", "REMOTE_PORT", "SERVER_NAME",
	"SERVER_PORT", "WEBSOCKET_PROTOCOL", "HTTPS", "SSL_PROTOCOL",
	"SSL_CIPHER", "SSL_TLS_SNI_SERVERNAME", "SSL_CLIENT_DN",
	"SSL_PEER_CERT_SUBJECT", "REMOTE_USER", "AUTH_TYPE",
};

/*
 * Could exec_env_build() have written var ("NAME=VALUE")?  One of the
 * names above, or HTTP_ and [A-Z0-9_] (never HTTP_PROXY).  The exec:
 * stub (exec_stub.c), which runs unfiltered, takes nothing else from the
 * filtered process that builds the environment: a new variable here must
 * be added to the list, or the program does not start (EINVAL).
 */
/* Whether var ("NAME=VALUE") is one --passenv names (PATH aside). */
bool
exec_env_passed(const char *var)
{
	size_t	 nlen = strcspn(var, "="), i;

	for (i = 0; i < cfg.npassenv; i++)
		if (strlen(cfg.passenv[i]) == nlen &&
		    memcmp(cfg.passenv[i], var, nlen) == 0 &&
		    strcmp(cfg.passenv[i], "PATH") != 0)
			return true;
	return false;
}

/*
 * The stub's --passenv variables, from its own environment (never from
 * the filtered process's message): their "NAME=VALUE" strings into
 * envp[0..max), for those that are set.  Returns how many.
 */
int
exec_env_passenv_own(char **envp, size_t max)
{
	extern char	**environ;
	size_t		 i, n = 0, nlen;
	char		**e;

	for (i = 0; i < cfg.npassenv; i++) {
		if (strcmp(cfg.passenv[i], "PATH") == 0)
			continue;
		nlen = strlen(cfg.passenv[i]);
		for (e = environ; e != NULL && *e != NULL; e++)
			if (strncmp(*e, cfg.passenv[i], nlen) == 0 &&
			    (*e)[nlen] == '=' && n + 1 < max) {
				envp[n++] = *e;
				break;
			}
	}
	envp[n] = NULL;
	return (int)n;
}

bool
exec_env_name_ok(const char *var)
{
	size_t	 nlen = strcspn(var, "="), i;

	if (var[nlen] != '=' || nlen == 0)
		return false;
	if (exec_env_passed(var))
		return true;		/* skipped by the stub, set by it */
	for (i = 0; i < sizeof(exec_env_names) / sizeof(exec_env_names[0]);
	    i++)
		if (strlen(exec_env_names[i]) == nlen &&
		    memcmp(exec_env_names[i], var, nlen) == 0)
			return true;
	if (nlen <= 5 || memcmp(var, "HTTP_", 5) != 0 ||
	    (nlen == 10 && memcmp(var, "HTTP_PROXY", 10) == 0))
		return false;
	for (i = 5; i < nlen; i++)
		if (!((var[i] >= 'A' && var[i] <= 'Z') ||
		    (var[i] >= '0' && var[i] <= '9') || var[i] == '_'))
			return false;
	return true;
}

/* The value of NAME in e, or NULL (for tests and log lines). */
const char *
exec_env_get(const struct exec_env *e, const char *name)
{
	size_t	 nlen = strlen(name), i;

	for (i = 0; i < e->n; i++)
		if (strncmp(e->vars[i], name, nlen) == 0 &&
		    e->vars[i][nlen] == '=')
			return e->vars[i] + nlen + 1;
	return NULL;
}

/*
 * REMOTE_ADDR and REMOTE_PORT from c->peer: "1.2.3.4:5", "[v6]:5", or
 * "[v6]" and "1.2.3.4" (an address from X-Forwarded-For has no port).
 * "unix" and "unknown" give neither.
 */
static int
exec_env_remote(struct exec_env *e, const char *peer)
{
	const char	*addr = peer, *port = NULL, *colon;
	size_t		 alen;
	int		 r;

	if (*peer == '[') {
		const char *close = strchr(peer, ']');

		if (close == NULL)
			return 0;
		addr = peer + 1;
		alen = (size_t)(close - addr);
		if (close[1] == ':')
			port = close + 2;
	} else {
		if (strchr(peer, '.') == NULL)
			return 0;		/* "unix", "unknown" */
		colon = strrchr(peer, ':');
		alen = colon ? (size_t)(colon - peer) : strlen(peer);
		if (colon)
			port = colon + 1;
	}
	if (alen == 0)
		return 0;
	if ((r = exec_env_add(e, "REMOTE_ADDR", addr, alen)) != 0)
		return r;
	if (port != NULL && *port != '\0' &&
	    strspn(port, "0123456789") == strlen(port))
		return exec_env_str(e, "REMOTE_PORT", port);
	return 0;
}

/* SERVER_NAME from Host without its port (an IPv6 literal keeps its
 * brackets, RFC 3875 §4.1.14); SERVER_PORT: ours, else Host's. */
static int
exec_env_server(struct exec_env *e, const struct conn *c,
    const char *server_port)
{
	const char	*h, *port = NULL;
	size_t		 hlen, nlen, plen = 0;
	int		 r;

	if (!http_header(&c->req, "Host", &h, &hlen))
		hlen = 0;
	nlen = hlen;
	if (hlen > 0 && h[0] == '[') {
		const char *close = memchr(h, ']', hlen);

		if (close != NULL) {
			nlen = (size_t)(close - h) + 1;
			if (nlen < hlen && h[nlen] == ':')
				port = h + nlen + 1;
		}
	} else if (hlen > 0) {
		const char *colon = memchr(h, ':', hlen);

		if (colon != NULL) {
			nlen = (size_t)(colon - h);
			port = colon + 1;
		}
	}
	if (port != NULL)
		plen = hlen - (size_t)(port - h);
	if (nlen > 0 && (r = exec_env_add(e, "SERVER_NAME", h, nlen)) != 0)
		return r;
	if (server_port != NULL && *server_port != '\0')
		return exec_env_str(e, "SERVER_PORT", server_port);
	if (plen > 0)
		return exec_env_add(e, "SERVER_PORT", port, plen);
	return 0;
}

/* HTTP_NAME for a header name made only of [A-Za-z0-9-]; false if not. */
static bool
exec_env_header_name(const char *name, size_t len, char *out, size_t outsize)
{
	size_t	 i;

	if (len == 0 || 5 + len + 1 > outsize)
		return false;
	memcpy(out, "HTTP_", 5);
	for (i = 0; i < len; i++) {
		char ch = name[i];

		if (ch >= 'a' && ch <= 'z')
			ch = (char)(ch - 'a' + 'A');
		else if (ch == '-')
			ch = '_';
		else if (!((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')))
			return false;
		out[5 + i] = ch;
	}
	out[5 + len] = '\0';
	return strcmp(out, "HTTP_PROXY") != 0;	/* httpoxy */
}

/*
 * Every request header as HTTP_*; a repeated header once, its values
 * joined with ", " (RFC 9110 §5.3), as CGI servers do.
 */
static int
exec_env_headers(struct exec_env *e, const struct http_req *req)
{
	char		 name[256], *p;
	const char	*base = (const char *)req->base, *ni, *nj;
	size_t		 i, j, k, li, lj, room, vlen, nlen;
	char		 ch;
	bool		 first;

	for (i = 0; i < req->nhdr; i++) {
		ni = base + req->hdr[i].name.off;
		li = req->hdr[i].name.len;
		if (!exec_env_header_name(ni, li, name, sizeof(name)))
			continue;
		/* RFC 3875 §4.1.18: credentials the server used itself
		 * (--auth-file) are not the program's to see. */
		if (cfg.auth_file != NULL && strcmp(name,
		    "HTTP_AUTHORIZATION") == 0)
			continue;
		for (j = 0; j < i; j++) {
			nj = base + req->hdr[j].name.off;
			lj = req->hdr[j].name.len;
			if (lj == li && strncasecmp(ni, nj, li) == 0)
				break;
		}
		if (j < i)
			continue;		/* joined into the first */
		/* NAME=v1, v2... straight into buf, checked as it grows. */
		nlen = strlen(name);
		if (e->n >= EXEC_ENV_VARS || nlen + 2 > sizeof(e->buf) - e->used)
			return -E2BIG;
		p = e->buf + e->used;
		memcpy(p, name, nlen);
		p[nlen] = '=';
		room = sizeof(e->buf) - e->used - nlen - 2;	/* NUL kept */
		vlen = 0;
		first = true;
		for (j = i; j < req->nhdr; j++) {
			nj = base + req->hdr[j].name.off;
			lj = req->hdr[j].name.len;
			if (lj != li || strncasecmp(ni, nj, li) != 0)
				continue;
			lj = req->hdr[j].value.len;
			if ((first ? 0 : 2) + lj > room - vlen)
				return -E2BIG;
			if (!first) {
				memcpy(p + nlen + 1 + vlen, ", ", 2);
				vlen += 2;
			}
			/* An obs-fold's CR LF (http-parser keeps it) becomes
			 * spaces, as in pass_head.c: no line breaks in a
			 * variable the client wrote. */
			for (k = 0; k < lj; k++) {
				ch = base[req->hdr[j].value.off + k];
				p[nlen + 1 + vlen + k] = ch == '\r' ||
				    ch == '\n' ? ' ' : ch;
			}
			vlen += lj;
			first = false;
		}
		p[nlen + 1 + vlen] = '\0';
		e->vars[e->n++] = p;
		e->vars[e->n] = NULL;
		e->used += nlen + 1 + vlen + 1;
	}
	return 0;
}

/* TLS facts under both names programs look for: stunnel's and s6-tlsd's. */
static int
exec_env_tls(struct exec_env *e, const struct tls_facts *t)
{
	int	 r = 0;

	if (!t->on)
		return 0;
	if ((r = exec_env_str(e, "HTTPS", "on")) != 0)
		return r;
	if (t->protocol[0] && (r = exec_env_str(e, "SSL_PROTOCOL",
	    t->protocol)) != 0)
		return r;
	if (t->cipher[0] && (r = exec_env_str(e, "SSL_CIPHER",
	    t->cipher)) != 0)
		return r;
	if (t->sni[0] && (r = exec_env_str(e, "SSL_TLS_SNI_SERVERNAME",
	    t->sni)) != 0)
		return r;
	if (t->client_dn[0]) {
		if ((r = exec_env_str(e, "SSL_CLIENT_DN", t->client_dn)) != 0)
			return r;
		r = exec_env_str(e, "SSL_PEER_CERT_SUBJECT", t->client_dn);
	}
	return r;
}

/* --passenv: each NAME wsinetd has, as it has it (PATH is the caller's). */
static int
exec_env_passenv(struct exec_env *e)
{
	const char	*v;
	size_t		 i;
	int		 r;

	for (i = 0; i < cfg.npassenv; i++) {
		if (strcmp(cfg.passenv[i], "PATH") == 0 ||
		    (v = getenv(cfg.passenv[i])) == NULL)
			continue;
		if ((r = exec_env_str(e, cfg.passenv[i], v)) != 0)
			return r;
	}
	return 0;
}

/*
 * REMOTE_USER (RFC 3875 §4.1.11): the --auth-file user, and AUTH_TYPE
 * with it; empty without one, as websocketd sets it, so a value from
 * elsewhere can never stand for a verified user.
 */
static int
exec_env_user(struct exec_env *e, const struct conn *c)
{
	int	 r;

	if ((r = exec_env_str(e, "REMOTE_USER", c->user)) != 0 ||
	    c->user[0] == '\0')
		return r;
	return exec_env_str(e, "AUTH_TYPE", "Basic");
}

/*
 * Fill e for the program c->target names.  path is the program's PATH
 * (exec_path.c; NULL: EXEC_DEFAULT_PATH); server_port the port the client
 * reached, or
 * NULL.  Returns 0, or -E2BIG when it would pass EXEC_ENV_MAX bytes or
 * EXEC_ENV_VARS variables.
 */
int
exec_env_build(struct exec_env *e, const struct conn *c, const char *path,
    const char *server_port)
{
	const struct http_req *req = &c->req;
	const char	*rest = c->rest, *q, *prefix = c->route_prefix;
	size_t		 plen = prefix ? strlen(prefix) : 0;
	int		 r;

	e->n = e->used = 0;
	e->vars[0] = NULL;
	while (plen > 0 && prefix[plen - 1] == '/')
		plen--;
	/* CGI: SCRIPT_NAME then PATH_INFO spell the path, with or without
	 * --strip-prefix (which only changes what c->rest holds). */
	if (!cfg.strip_prefix && plen > 0 && strncmp(rest, prefix, plen) == 0 &&
	    (rest[plen] == '/' || rest[plen] == '?' || rest[plen] == '\0'))
		rest += plen;
	q = strchr(rest, '?');
#define ADD(x) do { if ((r = (x)) != 0) return r; } while (0)
	ADD(exec_env_str(e, "PATH", path ? path : EXEC_DEFAULT_PATH));
	ADD(exec_env_str(e, "GATEWAY_INTERFACE", "websocketd-CGI/0.1"));
	ADD(exec_env_str(e, "SERVER_SOFTWARE", "wsinetd/" WSINETD_VERSION));
	ADD(exec_env_str(e, "SERVER_PROTOCOL", "HTTP/1.1"));
	ADD(exec_env_str(e, "REQUEST_METHOD", req->method_name));
	ADD(exec_env_add(e, "REQUEST_URI", (const char *)req->base +
	    req->url.off, req->url.len));
	ADD(exec_env_add(e, "SCRIPT_NAME", prefix ? prefix : "", plen));
	ADD(exec_env_add(e, "PATH_INFO", rest, q ? (size_t)(q - rest) :
	    strlen(rest)));
	ADD(exec_env_str(e, "QUERY_STRING", q ? q + 1 : ""));
	ADD(exec_env_remote(e, c->peer));
	ADD(exec_env_user(e, c));
	ADD(exec_env_server(e, c, server_port));
	if (c->subprotocol != NULL)
		ADD(exec_env_str(e, "WEBSOCKET_PROTOCOL", c->subprotocol));
	ADD(exec_env_tls(e, &c->tlsf));
	ADD(exec_env_headers(e, req));
	ADD(exec_env_passenv(e));
#undef ADD
	return 0;
}
