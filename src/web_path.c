/*
 * web_path.c: the one place a request target becomes a file name under
 * --web DIR (web.c opens the result with openat2 RESOLVE_BENEATH, which
 * also stops symlinks that leave DIR).  A parser in STYLE.md's sense: bytes
 * in, a result or an HTTP status out; no I/O, no allocation, no logging,
 * so t_web_path.c and fuzz_web_path.c call it directly.
 *
 * Decisions (README "Static files"):
 * - Only origin-form targets ("/..."); absolute-form ("http://h/p"),
 *   authority-form and "*" are 400.  RFC 9112 §3.2.2 asks servers to
 *   accept absolute-form, but only proxies send it and a static file has
 *   no business answering a proxy request.
 * - The query ("?...") and a fragment ("#...") are not part of the name.
 * - Percent-decoding (RFC 3986 §2.1): a '%' without two hex digits, an
 *   encoded NUL (%00), an encoded '/' (%2F: it would join segments the
 *   client kept apart), any '\\' (raw or %5C) and control bytes are 400.
 * - Segments are taken after decoding: "." and empty ones are dropped,
 *   ".." anywhere is 400 (browsers resolve dot segments before sending,
 *   RFC 3986 §5.2.4, so only a crafted request has one).
 * So every refusal here is 400 (414 for a path over WEB_PATH_MAX); a name
 * that decodes cleanly but does not exist, or leaves DIR through a
 * symlink, is web.c's 404.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "web_path.h"

static int
web_hex(unsigned char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/*
 * Decode the request target t[0..len) into *p.  Returns 0, 400 (refused,
 * see above) or 414 (decoded path longer than WEB_PATH_MAX - 1).
 */
int
web_path_decode(const char *t, size_t len, struct web_path *p)
{
	size_t	 i, n = 0, seg = 0;	/* rel length, start of segment */
	int	 hi, lo;
	unsigned char ch;
	bool	 enc;

	p->rel[0] = '\0';
	p->slash = false;
	p->query_off = len;
	if (len == 0 || t[0] != '/')
		return 400;
	for (i = 0; i <= len; i++) {
		if (i == len || t[i] == '?' || t[i] == '#' || t[i] == '/') {
			/* End of a segment: rel[seg..n) */
			if (n - seg == 2 && memcmp(p->rel + seg, "..", 2) == 0)
				return 400;
			if (n == seg || (n - seg == 1 && p->rel[seg] == '.')) {
				/* Empty or ".": drop it (and its '/'). */
				n = seg > 0 ? seg - 1 : 0;
				p->slash = true;
			} else
				p->slash = false;
			if (i == len || t[i] != '/') {
				p->query_off = i;
				break;
			}
			/* n < WEB_PATH_MAX here, so the '/' fits; a byte
			 * after it is checked below, and an empty segment
			 * takes the '/' back. */
			if (n > 0)
				p->rel[n++] = '/';
			seg = n;
			continue;
		}
		ch = (unsigned char)t[i];
		enc = ch == '%';
		if (enc) {
			if (len - i < 3 || (hi = web_hex((unsigned char)t[i +
			    1])) < 0 || (lo = web_hex((unsigned char)t[i +
			    2])) < 0)
				return 400;
			ch = (unsigned char)(hi << 4 | lo);
			i += 2;
		}
		if (ch < 0x20 || ch == 0x7f || ch == '\\' || (enc && ch == '/'))
			return 400;
		if (n + 1 >= WEB_PATH_MAX)
			return 414;
		p->rel[n++] = (char)ch;
	}
	/* The leading '/' dropped above: "/" and "/." name DIR. */
	if (n == 0)
		p->slash = true;
	p->rel[n] = '\0';
	return 0;
}

/*
 * Does the decoded path p name something hidden: a segment that starts
 * with '.' (".git/config", ".env", "a/.htpasswd")?  web.c answers 404
 * unless --web-dotfiles.  The first segment ".well-known" is no hidden
 * name (RFC 8615: ACME's http-01 challenges, security.txt), but a hidden
 * segment below it is.
 */
bool
web_path_hidden(const struct web_path *p)
{
	const char	*s = p->rel;

	if (strncmp(s, ".well-known", 11) == 0 && (s[11] == '/' ||
	    s[11] == '\0'))
		s += 11;
	for (; *s != '\0'; s++)
		if (*s == '.' && (s == p->rel || s[-1] == '/'))
			return true;
	return false;
}

/* RFC 3986 §3.3 pchar, plus '/': what a path may hold unencoded. */
static bool
web_pchar(unsigned char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	    (ch >= '0' && ch <= '9') || strchr("-._~!$&'()*+,;=:@/", ch) !=
	    NULL;
}

/*
 * The Location for the 301 that adds a directory's trailing slash: "/",
 * p->rel percent-encoded, "/", then the query q[0..qlen) (with its '?')
 * when it is all visible ASCII.  Built from the decoded path, never from
 * the raw target, so "//evil.example/x" cannot become a redirect to another
 * host (rel has no empty segments).  Returns 0, or -1 when out is too small.
 */
int
web_path_location(const struct web_path *p, const char *q, size_t qlen,
    char *out, size_t size)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *s = (const unsigned char *)p->rel;
	size_t	 n = 0, i;

#define PUT(c) do { if (n + 1 >= size) return -1; out[n++] = (c); } while (0)
	PUT('/');
	for (; *s != '\0'; s++) {
		if (web_pchar(*s))
			PUT((char)*s);
		else {
			PUT('%');
			PUT(hex[*s >> 4]);
			PUT(hex[*s & 15]);
		}
	}
	if (p->rel[0] != '\0')
		PUT('/');
	for (i = 0; i < qlen; i++)
		if ((unsigned char)q[i] <= 0x20 || (unsigned char)q[i] >= 0x7f)
			qlen = 0;
	if (qlen > 0 && q[0] == '?')
		for (i = 0; i < qlen; i++)
			PUT(q[i]);
#undef PUT
	out[n] = '\0';
	return 0;
}
