/*
 * t_web_path.c: request targets -> paths under --web DIR.  Every traversal
 * spelling is refused (400), clean paths normalise, the 414 limit holds at
 * its edge, and the 301's Location is built from the decoded path.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "web_path.h"

static int
dec(const char *t, struct web_path *p)
{
	return web_path_decode(t, strlen(t), p);
}

/* Decodes to rel with the given slash flag. */
static int
ok(const char *t, const char *rel, bool slash)
{
	struct web_path	 p;

	return dec(t, &p) == 0 && strcmp(p.rel, rel) == 0 && p.slash == slash;
}

static void
test_clean(void)
{
	struct web_path	 p;

	check(ok("/", "", true));
	check(ok("/index.html", "index.html", false));
	check(ok("/app/ui.js", "app/ui.js", false));
	check(ok("/app/", "app", true));
	check(ok("/app", "app", false));
	check(ok("//app//ui.js", "app/ui.js", false));
	check(ok("/./app/./ui.js", "app/ui.js", false));
	check(ok("/app/.", "app", true));
	check(ok("/.", "", true));
	check(ok("/vnc.html?autoconnect=1&path=/../x", "vnc.html", false));
	check(ok("/a#frag", "a", false));
	check(ok("/?x", "", true));
	check(ok("/a%20b.txt", "a b.txt", false));
	check(ok("/%7Euser/%41", "~user/A", false));
	check(ok("/a%3Fb", "a?b", false));
	check(ok("/...", "...", false));
	check(ok("/..a/b..", "..a/b..", false));
	check(ok("/.hidden", ".hidden", false));
	check(ok("/\xc3\xa9t\xc3\xa9", "\xc3\xa9t\xc3\xa9", false));
	check(ok("/%c3%A9", "\xc3\xa9", false));
	check(dec("/a?b", &p) == 0 && p.query_off == 2);
	check(dec("/a", &p) == 0 && p.query_off == 2);
}

static void
test_refused(void)
{
	static const char *bad[] = {
		"", "*", "a", "http://h/etc/passwd", "http://h/",
		"h:80", "/..", "/../etc/passwd", "/a/../../etc/passwd",
		"/a/..", "/a/../b", "/%2e%2e/", "/%2E%2E/etc/passwd",
		"/.%2e/x", "/%2e./x", "/..%2f..%2fetc/passwd",
		"/..%2F..%2Fetc/passwd", "/a%2fb", "/%2F", "/a%00b",
		"/a%00", "/%00", "/a\\b", "/..\\..\\etc\\passwd",
		"/a%5cb", "/a%5Cb", "/%", "/%2", "/%g0", "/%0g", "/a%",
		"/a%0a", "/a%0d%0aSet-Cookie:x", "/a%7f", "/a\tb",
		"/a%09b", "/%252e%252e/",
	};
	struct web_path	 p;
	size_t		 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int	 st = dec(bad[i], &p);

		/* "%252e" decodes once, to the name "%2e%2e": allowed. */
		if (strcmp(bad[i], "/%252e%252e/") == 0) {
			check(st == 0 && strcmp(p.rel, "%2e%2e") == 0);
			continue;
		}
		if (st != 400)
			fprintf(stderr, "not refused: %s (%d)\n", bad[i], st);
		check(st == 400);
	}
	/* NUL inside the length is refused, not taken as the end. */
	check(web_path_decode("/a\0b", 4, &p) == 400);
}

static void
test_limit(void)
{
	struct web_path	 p;
	char		*t = malloc(WEB_PATH_MAX * 3 + 8);
	size_t		 n;

	/* "/" + (WEB_PATH_MAX - 1) bytes: fits exactly. */
	t[0] = '/';
	memset(t + 1, 'a', WEB_PATH_MAX - 1);
	check(web_path_decode(t, WEB_PATH_MAX, &p) == 0 &&
	    strlen(p.rel) == WEB_PATH_MAX - 1);
	t[WEB_PATH_MAX] = 'a';
	check(web_path_decode(t, WEB_PATH_MAX + 1, &p) == 414);
	/* A trailing '/' (or "/.") does not count: the same path. */
	t[WEB_PATH_MAX] = '/';
	check(web_path_decode(t, WEB_PATH_MAX + 1, &p) == 0 &&
	    strlen(p.rel) == WEB_PATH_MAX - 1 && p.slash);
	t[WEB_PATH_MAX + 1] = '/';
	check(web_path_decode(t, WEB_PATH_MAX + 2, &p) == 0 &&
	    strlen(p.rel) == WEB_PATH_MAX - 1 && p.slash);
	t[WEB_PATH_MAX + 1] = '?';
	check(web_path_decode(t, WEB_PATH_MAX + 2, &p) == 0 &&
	    strlen(p.rel) == WEB_PATH_MAX - 1 && p.slash);
	t[WEB_PATH_MAX + 1] = 'b';
	check(web_path_decode(t, WEB_PATH_MAX + 2, &p) == 414);
	/* Segments: "/a/a/a..." over the limit. */
	for (n = 0; n < WEB_PATH_MAX + 2; n += 2)
		memcpy(t + n, "/a", 2);
	check(web_path_decode(t, n, &p) == 414);
	/* Encoded bytes count once decoded. */
	t[0] = '/';
	for (n = 1; n < 1 + 3 * (WEB_PATH_MAX - 1); n += 3)
		memcpy(t + n, "%41", 3);
	check(web_path_decode(t, n, &p) == 0 &&
	    strlen(p.rel) == WEB_PATH_MAX - 1);
	memcpy(t + n, "%41", 3);
	check(web_path_decode(t, n + 3, &p) == 414);
	/* Empty and "." segments do not count. */
	t[0] = '/';
	for (n = 1; n < 2 * WEB_PATH_MAX; n += 2)
		memcpy(t + n, "./", 2);
	check(web_path_decode(t, n, &p) == 0 && p.rel[0] == '\0');
	free(t);
}

static int
loc(const char *target, const char *want)
{
	struct web_path	 p;
	char		 out[256];
	size_t		 len = strlen(target);

	if (web_path_decode(target, len, &p) != 0)
		return 0;
	if (web_path_location(&p, target + p.query_off, len - p.query_off,
	    out, sizeof(out)) != 0)
		return 0;
	if (strcmp(out, want) != 0)
		fprintf(stderr, "location %s: %s, want %s\n", target, out,
		    want);
	return strcmp(out, want) == 0;
}

static void
test_location(void)
{
	struct web_path	 p;
	char		 small[4];

	check(loc("/app", "/app/"));
	check(loc("/app?x=1&y=/z", "/app/?x=1&y=/z"));
	check(loc("//evil.example", "/evil.example/"));
	check(loc("///evil.example/a", "/evil.example/a/"));
	check(loc("/a%20b", "/a%20b/"));
	check(loc("/a%3Fb", "/a%3Fb/"));
	check(loc("/%c3%a9", "/%C3%A9/"));
	check(loc("/a/./b", "/a/b/"));
	check(loc("/a#x", "/a/"));
	check(loc("/", "/"));
	check(dec("/abcdef", &p) == 0);
	check(web_path_location(&p, "", 0, small, sizeof(small)) == -1);
}

/* Is the target's decoded path hidden (a segment starting with '.')? */
static int
hidden(const char *t)
{
	struct web_path	 p;

	if (dec(t, &p) != 0)
		return -1;
	return web_path_hidden(&p);
}

static void
test_hidden(void)
{
	check(hidden("/.git/config") == 1);
	check(hidden("/.env") == 1);
	check(hidden("/a/.htpasswd") == 1);
	check(hidden("/a/b/.ssh/id_rsa") == 1);
	check(hidden("/%2egit/config") == 1);		/* decoded first */
	check(hidden("/a/%2Ehidden") == 1);
	check(hidden("//.git/HEAD") == 1);
	check(hidden("/./.git") == 1);
	check(hidden("/.well-known/.secret") == 1);
	check(hidden("/a/.well-known/x") == 1);		/* only at the top */
	check(hidden("/.well-knownx/y") == 1);
	check(hidden("/.well-known") == 0);
	check(hidden("/.well-known/") == 0);
	check(hidden("/.well-known/acme-challenge/tok") == 0);
	check(hidden("/%2ewell-known/security.txt") == 0);
	check(hidden("/") == 0);
	check(hidden("/index.html") == 0);
	check(hidden("/a.b/c..d/e.") == 0);
	check(hidden("/app.js?.x=1") == 0);		/* the query is no name */
	check(hidden("/a#/.git") == 0);
}

int
main(void)
{
	test_clean();
	test_hidden();
	test_refused();
	test_limit();
	test_location();
	return check_summary("t_web_path");
}
