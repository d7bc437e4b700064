/*
 * t_origin.c: the same-origin rule (origin.c): host and port of the
 * Origin against Host, ports defaulting by the Origin's scheme, a Host
 * without a port standing for that default, case ignored; "null", other
 * schemes, paths, user information and malformed values never match;
 * what a Host value may be.
 */
#include <string.h>

#include "check.h"
#include "origin.h"

static int
same(const char *o, const char *h)
{
	return origin_same(o, strlen(o), h, strlen(h));
}

int
main(void)
{
	check(same("http://localhost:8080", "localhost:8080"));
	check(same("https://localhost:8080", "localhost:8080"));
	check(same("HTTP://LocalHost:8080", "localhost:8080"));
	check(same("http://localhost", "localhost"));
	check(same("https://localhost", "localhost"));
	check(same("http://localhost", "localhost:80"));
	check(same("https://localhost", "localhost:443"));
	check(same("ws://h", "h:80"));
	check(same("wss://h:443", "h"));
	check(same("http://[::1]:8080", "[::1]:8080"));
	check(same("http://[::1]", "[::1]"));
	check(same("http://127.0.0.1:9", "127.0.0.1:9"));

	check(!same("https://evil.example", "localhost:8080"));
	check(!same("http://localhost", "localhost:8080"));
	check(!same("http://localhost:8080", "localhost"));
	check(!same("http://localhost", "localhost:443"));
	check(!same("https://localhost", "localhost:80"));
	check(!same("null", "localhost"));
	check(!same("file://", "localhost"));
	check(!same("ftp://localhost", "localhost"));
	check(!same("http://localhost/", "localhost"));
	check(!same("http://u@localhost", "localhost"));
	check(!same("http://localhost:", "localhost"));
	check(!same("http://localhost:99999", "localhost:99999"));
	check(!same("http://localhost:8o", "localhost:8o"));
	check(!same("http://", ""));
	check(!same("http://[::1]", "::1"));
	check(!same("http://[x]", "x"));
	check(!same("http://[::1", "[::1"));
	check(!same("http://evil.example.", "evil.example"));
	check(!same("http://a b", "a b"));
	check(!same("http://localhost\r\n", "localhost"));

	check(origin_host_valid("", 0));
	check(origin_host_valid("a.example", 9));
	check(origin_host_valid("a.example:8080", 14));
	check(origin_host_valid("[::1]:1", 7));
	check(!origin_host_valid("a b", 3));
	check(!origin_host_valid("a/b", 3));
	check(!origin_host_valid("u@h", 3));
	check(!origin_host_valid("h:99999", 7));
	check(!origin_host_valid("h:", 2));
	check(!origin_host_valid("[h]", 3));
	check(!origin_host_valid(":80", 3));
	return check_summary("t_origin");
}
