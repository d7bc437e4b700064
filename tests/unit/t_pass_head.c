/*
 * t_pass_head.c: the request head a passthrough backend gets: the path
 * join rule, Host rewritten, hop-by-hop headers removed (and the ones
 * Connection names), an upgrade's Connection/Upgrade kept,
 * X-Forwarded-For appended to, X-Forwarded-Proto/-Host set or (trusted
 * peer) kept, Forwarded and X-Real-IP dropped unless from a trusted peer,
 * the client's HTTP version kept, and the size limit.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "head.h"
#include "http.h"
#include "pass_head.h"

static struct http_req *
parse(const char *head)
{
	struct http_req	*r = malloc(sizeof(*r));

	if (!head_parse(r, head)) {
		fprintf(stderr, "cannot parse test head:\n%s", head);
		exit(2);
	}
	return r;
}

static int
join_is(const char *url, const char *rest, const char *want)
{
	char	 out[128];
	size_t	 n = pass_join_path(out, sizeof(out), url, rest);

	if (n != strlen(want) || strcmp(out, want) != 0) {
		fprintf(stderr, "join %s + %s = %s, want %s\n", url, rest, out,
		    want);
		return 0;
	}
	return 1;
}

static void
test_join(void)
{
	char	 small[8];

	check(join_is("/", "/x?y", "/x?y"));
	check(join_is("/", "/", "/"));
	check(join_is("/base/", "/x", "/base/x"));
	check(join_is("/base/", "/", "/base/"));
	check(join_is("/base", "/x", "/base/x"));
	check(join_is("/base", "/", "/base/"));
	check(join_is("", "/x", "/x"));
	check(join_is(NULL, "/x", "/x"));
	check(join_is("/p?a=1", "/x?b=2", "/p/x?a=1&b=2"));
	check(join_is("/p?a=1", "/x", "/p/x?a=1"));
	check(join_is("/p?", "/x?b", "/p/x?b"));
	check(join_is("/", "/x?", "/x?"));
	check(join_is("/", "*", "*"));
	check(join_is("/b/", "*", "/b/"));
	check(join_is("/b/", "http://h:1/x?q", "/b/x?q"));
	check(join_is("/", "http://h", "/"));
	/* Too small: truncated, NUL-terminated, the need reported. */
	check(pass_join_path(small, sizeof(small), "/base/", "/abcdef") >=
	    sizeof(small));
	check(small[sizeof(small) - 1] == '\0');
}

static void
test_peer_ip(void)
{
	char	 ip[64];

	pass_peer_ip("127.0.0.1:4000", ip, sizeof(ip));
	check(strcmp(ip, "127.0.0.1") == 0);
	pass_peer_ip("[::1]:4000", ip, sizeof(ip));
	check(strcmp(ip, "::1") == 0);
	pass_peer_ip("unix", ip, sizeof(ip));
	check(strcmp(ip, "unix") == 0);
}

static char *
build(const char *head, struct pass_head_in *in)
{
	static char	 out[16384];
	struct http_req	*r = parse(head);
	size_t		 n = 0;

	if (pass_head_build(r, in, out, sizeof(out) - 1, &n) != 0) {
		free(r);
		return NULL;
	}
	out[n] = '\0';
	free(r);
	return out;
}

static void
test_upgrade(void)
{
	struct pass_head_in in = { "/", "/chat?x=1", "backend.test:8080",
	    "10.0.0.7", false, false, false };
	const char *want =
	    "GET /chat?x=1 HTTP/1.1\r\n"
	    "Host: backend.test:8080\r\n"
	    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
	    "Sec-WebSocket-Version: 13\r\n"
	    "Origin: http://example.org\r\n"
	    "Connection: Upgrade\r\n"
	    "Upgrade: websocket\r\n"
	    "X-Forwarded-For: 192.0.2.1, 198.51.100.2, 10.0.0.7\r\n"
	    "X-Forwarded-Proto: http\r\n"
	    "X-Forwarded-Host: example.org:9999\r\n"
	    "\r\n";
	char	*out;

	out = build(
	    "GET /chat?x=1 HTTP/1.1\r\n"
	    "Host: example.org:9999\r\n"
	    "Upgrade: websocket\r\n"
	    "Connection: keep-alive, Upgrade, X-Secret\r\n"
	    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
	    "X-Secret: hop\r\n"
	    "Keep-Alive: timeout=5\r\n"
	    "X-Forwarded-For: 192.0.2.1\r\n"
	    "Sec-WebSocket-Version: 13\r\n"
	    "X-Forwarded-Proto: https\r\n"
	    "Proxy-Authorization: Basic eDp5\r\n"
	    "x-forwarded-for:  198.51.100.2 \r\n"
	    "TE: trailers\r\n"
	    "Origin: http://example.org\r\n"
	    "X-Forwarded-Host: evil.test\r\n"
	    "X-Real-IP: 203.0.113.66\r\n"
	    "forwarded: for=203.0.113.66;proto=https\r\n"
	    "\r\n", &in);
	check(out != NULL && strcmp(out, want) == 0);
	if (out != NULL && strcmp(out, want) != 0)
		fprintf(stderr, "got:\n%s\nwant:\n%s", out, want);
}

static void
test_plain(void)
{
	struct pass_head_in in = { "/base/", "/x?y=1", "127.0.0.1:81",
	    "::1", true, false, false };
	const char *want =
	    "POST /base/x?y=1 HTTP/1.0\r\n"
	    "Host: 127.0.0.1:81\r\n"
	    "Content-Length: 5\r\n"
	    "Content-Type: text/plain\r\n"
	    "Connection: close\r\n"
	    "X-Forwarded-For: ::1\r\n"
	    "X-Forwarded-Proto: https\r\n"
	    "\r\n";
	char	*out;

	/* No Host: none to copy into X-Forwarded-Host.  Upgrade without
	 * "Connection: upgrade" is no upgrade and is dropped. */
	out = build(
	    "POST /x?y=1 HTTP/1.0\r\n"
	    "Content-Length: 5\r\n"
	    "Upgrade: h2c\r\n"
	    "Connection: close\r\n"
	    "Content-Type: text/plain\r\n"
	    "Proxy-Connection: keep-alive\r\n"
	    "Trailer: X\r\n"
	    "\r\n", &in);
	check(out != NULL && strcmp(out, want) == 0);
	if (out != NULL && strcmp(out, want) != 0)
		fprintf(stderr, "got:\n%s\nwant:\n%s", out, want);
}

static void
test_trusted(void)
{
	struct pass_head_in in = { "/", "/", "b", "10.0.0.1", false, true,
	    false };
	const char *want =
	    "GET / HTTP/1.1\r\n"
	    "Host: b\r\n"
	    "X-Forwarded-Proto: https\r\n"
	    "X-Forwarded-Host: public.example\r\n"
	    "X-Real-IP: 203.0.113.9\r\n"
	    "Forwarded: for=203.0.113.9;proto=https\r\n"
	    "X-Forwarded-For: 203.0.113.9, 10.0.0.1\r\n"
	    "\r\n";
	char	*out;

	out = build(
	    "GET / HTTP/1.1\r\n"
	    "Host: internal:8080\r\n"
	    "X-Forwarded-Proto: https\r\n"
	    "X-Forwarded-For: 203.0.113.9\r\n"
	    "X-Forwarded-Host: public.example\r\n"
	    "X-Real-IP: 203.0.113.9\r\n"
	    "Forwarded: for=203.0.113.9;proto=https\r\n"
	    "\r\n", &in);
	check(out != NULL && strcmp(out, want) == 0);
	if (out != NULL && strcmp(out, want) != 0)
		fprintf(stderr, "got:\n%s\nwant:\n%s", out, want);
}

/* Every size too small fails cleanly; the exact size works. */
static void
test_limit(void)
{
	struct pass_head_in in = { "/", "/a", "h", "1.2.3.4", false, false,
	    false };
	struct http_req	*r = parse("GET /a HTTP/1.1\r\nHost: x\r\n"
	    "Connection: Upgrade\r\nUpgrade: websocket\r\n\r\n");
	char		 out[512];
	size_t		 n = 0, full, size;
	int		 bad = 0;

	check(pass_head_build(r, &in, out, sizeof(out), &full) == 0);
	for (size = 0; size < full; size++)
		if (pass_head_build(r, &in, out, size, &n) == 0)
			bad++;
	check(bad == 0);
	check(pass_head_build(r, &in, out, full, &n) == 0 && n == full);
	free(r);
}

/* --auth-file: the credentials it checked do not reach the backend;
 * without it they pass (the backend may check them itself). */
static void
test_auth(void)
{
	struct pass_head_in in = { "/", "/", "b", "10.0.0.1", false, false,
	    true };
	const char	*head = "GET / HTTP/1.1\r\nHost: x\r\n"
	    "Authorization: Basic YTpi\r\nAccept: */*\r\n\r\n";
	char		*out;

	out = build(head, &in);
	check(out != NULL && strstr(out, "Authorization") == NULL &&
	    strstr(out, "\r\nAccept: */*\r\n") != NULL);
	in.drop_auth = false;
	out = build(head, &in);
	check(out != NULL && strstr(out, "\r\nAuthorization: Basic YTpi\r\n")
	    != NULL);
}

int
main(void)
{
	test_join();
	test_peer_ip();
	test_upgrade();
	test_plain();
	test_trusted();
	test_limit();
	test_auth();
	return check_summary("t_pass_head");
}
