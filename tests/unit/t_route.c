/*
 * t_route.c: the routing table (longest prefix on a segment boundary, a
 * route naming the Host first), Host normalisation, the path a backend
 * sees with and without --strip-prefix, token= in the query, and the
 * URL targets' defaults (ports 80/443, SNI only for names).
 */
#include <string.h>

#include "check.h"
#include "route.h"
#include "target.h"

static struct route_table t;

static void
add(const char *spec)
{
	check(route_parse(spec, &t.r[t.n]) == 0);
	t.n++;
}

/* The prefix of the route chosen for host and target, or "-". */
static const char *
pick(const char *host, const char *target)
{
	const struct route *r = route_match(&t, host, target);

	if (r == NULL)
		return "-";
	return r->host[0] ? r->target.spec : r->prefix;
}

static const char *
rest(const char *prefix, const char *target, bool strip)
{
	static char	 out[64];

	if (!route_rest(prefix, target, strip, out, sizeof(out)))
		return "-";
	return out;
}

static const char *
host(const char *h)
{
	static char	 out[32];

	if (route_host_norm(h, strlen(h), out, sizeof(out)) != 0)
		return "-";
	return out;
}

static void
urls(void)
{
	struct target	 u;

	check(target_parse("ws://example.org/", &u) == 0);
	check(u.kind == TARGET_URL && !u.url_tls && !u.host_is_ip);
	check(strcmp(u.port, "80") == 0 && strcmp(u.url_path, "/") == 0);
	check(strcmp(u.hostport, "example.org") == 0);
	check(target_parse("wss://example.org", &u) == 0);
	check(u.url_tls && strcmp(u.port, "443") == 0);
	check(strcmp(u.url_path, "/") == 0);
	check(target_parse("https://10.0.0.1:8443/base/?x=1", &u) == 0);
	check(u.host_is_ip && strcmp(u.port, "8443") == 0);
	check(strcmp(u.hostport, "10.0.0.1:8443") == 0);
	check(strcmp(u.url_path, "/base/?x=1") == 0);
	check(target_parse("http://[::1]/", &u) == 0);
	check(u.host_is_ip && strcmp(u.host, "::1") == 0);
	check(strcmp(u.hostport, "[::1]") == 0 && strcmp(u.port, "80") == 0);
	check(target_parse("WSS://[::1]:443/x", &u) == 0);
	check(strcmp(u.hostport, "[::1]") == 0);
	check(target_parse("ws://host:80", &u) == 0);
	check(strcmp(u.hostport, "host") == 0);
	check(target_parse("ws://user@host/", &u) != 0);
	check(target_parse("ws:///x", &u) != 0);
	check(target_parse("ws://host:0/", &u) != 0);
	check(target_parse("ws://host:65536/", &u) != 0);
	check(target_parse("ws://[::1/", &u) != 0);
	check(target_parse("ws://[zz]/", &u) != 0);
	check(target_parse("ws://ho st/", &u) != 0);
	check(target_parse("ws://host/#frag", &u) != 0);
	check(target_parse("ws://host/a b", &u) != 0);
	check(target_parse("ws://host/a\r\nX: y", &u) != 0);
	check(target_parse("ftp://host/", &u) != 0);

	check(target_parse("exec:/bin/cat -n  -A", &u) == 0);
	check(u.kind == TARGET_EXEC && strcmp(u.argv[0], "/bin/cat") == 0);
	check(strcmp(u.argv[1], "-n") == 0 && strcmp(u.argv[2], "-A") == 0);
	check(u.argv[3] == NULL);
	target_free(&u);
	check(target_parse("exec:  /bin/echo", &u) == 0);
	check(strcmp(u.argv[0], "/bin/echo") == 0 && u.argv[1] == NULL);
	target_free(&u);
	check(target_parse("exec:", &u) != 0);
	check(target_parse("exec:   ", &u) != 0);
}

int
main(void)
{
	struct route	 r;
	char		 tok[16];

	check(route_parse("nohost", &r) != 0);
	check(route_parse("/x", &r) != 0);
	check(route_parse("/x=", &r) != 0);
	check(route_parse("/x?q=echo", &r) != 0);
	check(route_parse("/x=nonsense", &r) != 0);

	add("/=echo");
	add("/vnc=echo");
	add("/vnc/deep=echo");
	add("/_et/=echo");
	add("Example.ORG:8080/vnc=tcp:127.0.0.1:1");
	add("[::1]/=tcp:127.0.0.1:2");

	check(strcmp(pick("", "/"), "/") == 0);
	check(strcmp(pick("", "/vnc"), "/vnc") == 0);
	check(strcmp(pick("", "/vnc/"), "/vnc") == 0);
	check(strcmp(pick("", "/vnc?token=a"), "/vnc") == 0);
	check(strcmp(pick("", "/vncx"), "/") == 0);
	check(strcmp(pick("", "/vnc/deep/er"), "/vnc/deep") == 0);
	check(strcmp(pick("", "/vnc/deeper"), "/vnc") == 0);
	check(strcmp(pick("", "/_et/ws"), "/_et/") == 0);
	check(strcmp(pick("", "/_et"), "/_et/") == 0);
	check(strcmp(pick("", "/_etc"), "/") == 0);
	/* Host routes first, even against a longer path elsewhere. */
	check(strcmp(pick("example.org", "/vnc/deep"),
	    "tcp:127.0.0.1:1") == 0);
	check(strcmp(pick("example.org", "/other"), "/") == 0);
	check(strcmp(pick("::1", "/vnc"), "tcp:127.0.0.1:2") == 0);

	check(strcmp(host("Example.ORG:8080"), "example.org") == 0);
	check(strcmp(host("[::1]:443"), "::1") == 0);
	check(strcmp(host("[::1]"), "::1") == 0);
	check(strcmp(host("[::1"), "-") == 0);
	check(strcmp(host("host"), "host") == 0);
	check(strcmp(host(""), "") == 0);

	check(strcmp(rest("/vnc", "/vnc/websockify?x", true),
	    "/websockify?x") == 0);
	check(strcmp(rest("/vnc", "/vnc", true), "/") == 0);
	check(strcmp(rest("/vnc", "/vnc?a=1", true), "/?a=1") == 0);
	check(strcmp(rest("/_et/", "/_et/ws", true), "/ws") == 0);
	check(strcmp(rest("/_et/", "/_et", true), "/") == 0);
	check(strcmp(rest("/", "/a/b", true), "/a/b") == 0);
	check(strcmp(rest("/vnc", "/vnc/x", false), "/vnc/x") == 0);
	check(strcmp(rest("/", "*", false), "/*") == 0);

	check(token_from_query("/?token=abc", tok, sizeof(tok)));
	check(strcmp(tok, "abc") == 0);
	check(token_from_query("/w?x=1&token=t2&y", tok, sizeof(tok)));
	check(strcmp(tok, "t2") == 0);
	check(!token_from_query("/w?xtoken=1", tok, sizeof(tok)));
	check(!token_from_query("/w?token=", tok, sizeof(tok)));
	check(!token_from_query("/token=a", tok, sizeof(tok)));
	check(!token_from_query("/?token=0123456789abcdefg", tok,
	    sizeof(tok)));

	check(route_dot_segment("/a/../b"));
	check(route_dot_segment("/a/.."));
	check(!route_dot_segment("/./x"));
	check(route_dot_segment("/%2e%2E/x"));
	check(route_dot_segment("/a/.%2e?x"));
	check(!route_dot_segment("/."));
	check(!route_dot_segment("/a/...b/..c/.d"));
	check(!route_dot_segment("/a/b?x=/../"));
	check(!route_dot_segment("/.well-known/x"));
	check(!route_dot_segment("/"));
	check(!route_dot_segment("/a/.../b"));
	/* %2F, %5C, '\\' and ';' end a segment for the check too. */
	check(route_dot_segment("/app/..%2fsecret"));
	check(route_dot_segment("/app/%2e%2e%2Fsecret"));
	check(route_dot_segment("/app/.%2e%2Fsecret"));
	check(route_dot_segment("/app/..%5csecret"));
	check(route_dot_segment("/app/..%5C"));
	check(route_dot_segment("/app/..\\x"));
	check(route_dot_segment("/app/..;jsessionid=1/x"));
	check(route_dot_segment("/app/x%2f..%2fy"));
	check(!route_dot_segment("/app/a%2Fb"));
	check(!route_dot_segment("/app/..a%2f"));
	check(!route_dot_segment("/app/x?..%2f"));
	check(!route_dot_segment("/app/%2"));

	urls();
	return check_summary("t_route");
}
