/*
 * origin.c: the same-origin rule for WebSocket upgrades (RFC 6455
 * §10.2): a browser sends Origin with every upgrade, cross-site ones
 * too, so a server that does not compare it lets any page the user
 * visits open a WebSocket to it.  An Origin (RFC 6454 §7) is
 * scheme "://" host [":" port], or "null"; it is ours when its host
 * and port equal the Host the request was sent to.  The Origin's port
 * defaults by its scheme (80 for http and ws, 443 for https and wss); a
 * Host without a port stands for that same default, since a browser
 * leaves the default port out of both.  Hosts compare case-insensitively,
 * an IPv6 literal inside its brackets.  No I/O, no allocation:
 * fuzz_origin calls it directly.
 */
#include <string.h>
#include <strings.h>

#include "origin.h"

/* A host [":" port] authority, split.  *port is -1 when absent. */
struct authority {
	const char	*host;
	size_t		 hlen;
	bool		 v6;		/* it was in brackets */
	long		 port;
};

/* Is c allowed in a host of an authority (RFC 3986 §3.2.2, roughly)? */
static bool
origin_host_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
	    c == '~' || c == '%' || c == '!' || c == '$' || c == '&' ||
	    c == '\'' || c == '(' || c == ')' || c == '*' || c == '+' ||
	    c == ',' || c == ';' || c == '=';
}

/* s[0..n) as host [":" port]; false when it is not one. */
static bool
origin_authority(const char *s, size_t n, struct authority *a)
{
	const char	*end = s + n, *p, *close;
	size_t		 i;

	a->port = -1;
	a->v6 = n > 0 && s[0] == '[';
	if (a->v6) {
		if ((close = memchr(s, ']', n)) == NULL || close == s + 1)
			return false;
		a->host = s + 1;
		a->hlen = (size_t)(close - s - 1);
		for (i = 0; i < a->hlen; i++)
			if (!origin_host_char(a->host[i]) &&
			    a->host[i] != ':')
				return false;
		/* "[name]" is no IPv6 literal. */
		if (memchr(a->host, ':', a->hlen) == NULL)
			return false;
		p = close + 1;
	} else {
		for (p = s; p < end && *p != ':'; p++)
			if (!origin_host_char(*p))
				return false;
		a->host = s;
		a->hlen = (size_t)(p - s);
		if (a->hlen == 0)
			return false;
	}
	if (p == end)
		return true;
	if (*p++ != ':' || p == end || end - p > 5)
		return false;
	for (a->port = 0; p < end; p++) {
		if (*p < '0' || *p > '9')
			return false;
		a->port = a->port * 10 + (*p - '0');
	}
	return a->port <= 65535;
}

/* The default port of an Origin's scheme s[0..n), or -1 for another. */
static long
origin_scheme_port(const char *s, size_t n)
{
	if ((n == 4 && strncasecmp(s, "http", 4) == 0) ||
	    (n == 2 && strncasecmp(s, "ws", 2) == 0))
		return 80;
	if ((n == 5 && strncasecmp(s, "https", 5) == 0) ||
	    (n == 3 && strncasecmp(s, "wss", 3) == 0))
		return 443;
	return -1;
}

/*
 * Is h[0..hlen) a Host value (RFC 9110 §7.2: uri-host [":" port]), or
 * empty (RFC 9112 §3.2: for a target without an authority)?
 */
bool
origin_host_valid(const char *h, size_t hlen)
{
	struct authority a;

	return hlen == 0 || origin_authority(h, hlen, &a);
}

/*
 * Does the Origin value o[0..olen) name the host[:port] h[0..hlen) (a
 * Host header, or a trusted proxy's X-Forwarded-Host)?  "null", another
 * scheme, a path, user information or anything malformed is not.
 */
bool
origin_same(const char *o, size_t olen, const char *h, size_t hlen)
{
	struct authority oa, ha;
	const char	*sep;
	long		 def, oport, hport;

	if ((sep = memmem(o, olen, "://", 3)) == NULL)
		return false;
	if ((def = origin_scheme_port(o, (size_t)(sep - o))) < 0)
		return false;
	sep += 3;
	if (!origin_authority(sep, olen - (size_t)(sep - o), &oa) ||
	    !origin_authority(h, hlen, &ha))
		return false;
	oport = oa.port < 0 ? def : oa.port;
	hport = ha.port < 0 ? def : ha.port;
	return oport == hport && oa.v6 == ha.v6 && oa.hlen == ha.hlen &&
	    strncasecmp(oa.host, ha.host, oa.hlen) == 0;
}
