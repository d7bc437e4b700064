/*
 * route.c: the routing table.  A route is [HOST]/PATH=TARGET.  A request
 * goes to the route with the longest PATH that prefixes its path on a
 * segment boundary ("/vnc" takes /vnc, /vnc/x and /vnc?x, not /vncx),
 * looking first at routes naming its Host (port stripped, brackets of an
 * IPv6 literal removed, case-insensitive), then at routes for any host.
 * The default TARGET is the last route, "/" for any host.  With
 * --token-file, ?token=NAME picks the target instead (websockify's model:
 * the token is the routing key).  No match is 404.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http.h"
#include "log.h"
#include "route.h"
#include "wsinetd.h"

/*
 * A Host value (or a route's HOST) into its lowercase name without port
 * or IPv6 brackets.  Returns 0, or -EINVAL when it does not fit or an
 * IPv6 literal is unterminated.
 */
int
route_host_norm(const char *h, size_t len, char *out, size_t outsize)
{
	const char	*end = h + len, *close, *colon;
	size_t		 i, n;

	if (len > 0 && h[0] == '[') {
		if ((close = memchr(h, ']', len)) == NULL)
			return -EINVAL;
		h++;
		end = close;
	} else if ((colon = memchr(h, ':', len)) != NULL) {
		end = colon;
	}
	n = (size_t)(end - h);
	if (n >= outsize)
		return -EINVAL;
	for (i = 0; i < n; i++)
		out[i] = (h[i] >= 'A' && h[i] <= 'Z') ? h[i] - 'A' + 'a' : h[i];
	out[n] = '\0';
	return 0;
}

/* "[HOST]/PATH=TARGET" into r; 0, or -EINVAL with nothing usable. */
int
route_parse(const char *spec, struct route *r)
{
	const char	*slash = strchr(spec, '/'), *eq, *end, *tgt;
	char		*prefix;
	int		 err;

	memset(r, 0, sizeof(*r));
	if (slash == NULL || (eq = strchr(slash, '=')) == NULL)
		return -EINVAL;
	/* Blanks around the '=' are allowed ("route = /a = echo"). */
	for (end = eq; end > slash && (end[-1] == ' ' || end[-1] == '\t');)
		end--;
	for (tgt = eq + 1; *tgt == ' ' || *tgt == '\t'; tgt++)
		;
	if (*tgt == '\0')
		return -EINVAL;
	if (route_host_norm(spec, (size_t)(slash - spec), r->host,
	    sizeof(r->host)) != 0)
		return -EINVAL;
	if ((prefix = strndup(slash, (size_t)(end - slash))) == NULL)
		return -ENOMEM;
	if (strpbrk(prefix, "?# \t") != NULL) {
		free(prefix);
		return -EINVAL;
	}
	if ((err = target_parse(tgt, &r->target)) != 0) {
		free(prefix);
		return err;
	}
	r->prefix = prefix;
	return 0;
}

/* Does prefix cover path (no query) on a segment boundary? */
static bool
route_covers(const char *prefix, const char *path, size_t pathlen)
{
	size_t	 plen = strlen(prefix);

	if (plen > 1 && prefix[plen - 1] == '/' && pathlen == plen - 1 &&
	    memcmp(prefix, path, pathlen) == 0)
		return true;		/* "/_et/" also takes "/_et" */
	if (pathlen < plen || memcmp(prefix, path, plen) != 0)
		return false;
	return pathlen == plen || prefix[plen - 1] == '/' || path[plen] == '/';
}

/*
 * The route for host (normalised, "" when the request had none) and the
 * request target (path and query), or NULL.
 */
const struct route *
route_match(const struct route_table *t, const char *host, const char *target)
{
	const struct route *best = NULL;
	size_t		 i, pathlen = strcspn(target, "?"), blen = 0;
	int		 pass;

	/* Pass 0: routes naming this host; pass 1: routes for any host. */
	for (pass = 0; pass < 2 && best == NULL; pass++) {
		for (i = 0; i < t->n; i++) {
			const struct route *r = &t->r[i];
			size_t	 plen = strlen(r->prefix);

			if ((pass == 0) != (r->host[0] != '\0'))
				continue;
			if (pass == 0 && strcmp(r->host, host) != 0)
				continue;
			if (!route_covers(r->prefix, target, pathlen))
				continue;
			if (best == NULL || plen > blen) {
				best = r;
				blen = plen;
			}
		}
	}
	return best;
}

/*
 * The request target as the backend sees it: with strip, without the
 * route's prefix, and always starting with '/'.  false if it does not fit.
 */
bool
route_rest(const char *prefix, const char *target, bool strip, char *out,
    size_t outsize)
{
	size_t	 plen = strlen(prefix), pathlen = strcspn(target, "?");
	int	 n;

	if (strip && plen > 1) {
		if (prefix[plen - 1] == '/')
			plen--;		/* keep the slash for the backend */
		if (plen > pathlen)
			plen = pathlen;
		target += plen;
	}
	n = snprintf(out, outsize, "%s%s", *target == '/' ? "" : "/", target);
	return n >= 0 && (size_t)n < outsize;
}

/*
 * The request target in origin form ("/path?query"): an absolute-form
 * target (RFC 9112 §3.2.2) loses its "scheme://authority".  Copied out of
 * the request head, truncated to outsize - 1 bytes.  Passthrough applies
 * the same rule to later requests on a kept-alive connection.
 */
void
route_origin_form(const struct http_req *req, char *out, size_t outsize)
{
	const char	*u = (const char *)req->base + req->url.off, *p;
	size_t		 len = req->url.len;

	if (len > 0 && u[0] != '/' && (p = memmem(u, len, "://", 3))) {
		p += 3;
		len -= (size_t)(p - u);
		u = p;
		p = memchr(u, '/', len);
		len = p ? len - (size_t)(p - u) : 0;
		u = p ? p : u;
	}
	if (len >= outsize)
		len = outsize - 1;
	memcpy(out, u, len);
	out[len] = '\0';
}

/*
 * Where a path segment that starts at p ends for some backend: at '/',
 * and also at "%2F" (nginx, among others, decodes it before removing
 * dot segments), '\\' or "%5C" (a backend on Windows, or one that
 * normalises as one does), or ';' and "%3B" (Tomcat and others drop
 * ";params" before resolving "..;/", and some decode first).  Returns the length of the separator there,
 * 0 when p is inside a segment.
 */
static size_t
route_seg_end(const char *p, const char *end)
{
	if (*p == '/' || *p == '\\' || *p == ';')
		return 1;
	if (end - p >= 3 && p[0] == '%' && ((p[1] == '2' && (p[2] == 'f' ||
	    p[2] == 'F')) || (p[1] == '5' && (p[2] == 'c' || p[2] == 'C')) ||
	    (p[1] == '3' && (p[2] == 'b' || p[2] == 'B'))))
		return 3;
	return 0;
}

/* The byte a "%XY" at p[0..end) stands for, or -1. */
static int
route_pct(const char *p, const char *end)
{
	int	 v = 0, i, d;

	if (end - p < 3 || p[0] != '%')
		return -1;
	for (i = 1; i < 3; i++) {
		d = p[i] >= '0' && p[i] <= '9' ? p[i] - '0' :
		    p[i] >= 'a' && p[i] <= 'f' ? p[i] - 'a' + 10 :
		    p[i] >= 'A' && p[i] <= 'F' ? p[i] - 'A' + 10 : -1;
		if (d < 0)
			return -1;
		v = v << 4 | d;
	}
	return v;
}

/*
 * Does the path (before any query) carry an escape no client sends and
 * some backend misreads: "%00" (a C string ends there, so a backend's
 * check and its open see different names), or the start of an overlong
 * UTF-8 form ("%C0"/"%C1", "%E0" then "%80"-"%9F": "%c0%ae" is a '.' to a
 * lax decoder, so "%c0%ae%c0%ae" climbs as ".." does)?  --web refuses the
 * same.
 */
bool
route_bad_escape(const char *target)
{
	const char	*p = target, *end = target + strcspn(target, "?");
	int		 b, next;

	for (; (p = memchr(p, '%', (size_t)(end - p))) != NULL; p++) {
		if ((b = route_pct(p, end)) < 0)
			continue;
		next = route_pct(p + 3, end);
		if (b == 0x00 || b == 0xc0 || b == 0xc1 ||
		    (b == 0xe0 && next >= 0x80 && next <= 0x9f))
			return true;
	}
	return false;
}

/*
 * Does the path (before any query) have a ".." segment, plain or
 * percent-encoded, ended by any separator route_seg_end() knows?  RFC
 * 3986 §5.2.4: clients remove them, so only a crafted request has one,
 * and a backend that resolves it would climb past its route's base path.
 * ("." cannot climb: it passes.)
 */
bool
route_dot_segment(const char *target)
{
	const char	*p = target, *end = target + strcspn(target, "?");
	size_t		 dots, sep;

	while (p < end) {
		if ((sep = route_seg_end(p, end)) == 0) {
			p++;
			continue;
		}
		for (p += sep, dots = 0; p < end; dots++) {
			if (*p == '.')
				p++;
			else if (end - p >= 3 && p[0] == '%' && p[1] == '2' &&
			    (p[2] == 'e' || p[2] == 'E'))
				p += 3;
			else
				break;
		}
		if (dots == 2 && (p == end || route_seg_end(p, end) > 0))
			return true;
	}
	return false;
}

/*
 * Pick the target for a request to host (normalised, "" for none) and
 * target (origin form), which reqgate.c has checked: sets c->route,
 * c->route_prefix, c->target (fd -1) and c->rest.  Returns 0, or the
 * status to answer: 400 when the backend's target does not fit, 404
 * when nothing matches (logged if log_miss: a static file may still
 * answer) or a token is unknown, 500 when the token file cannot be read
 * (the log line says which).
 */
int
route_select(struct conn *c, const char *host, const char *target,
    bool log_miss)
{
	char		 token[128];
	int		 status;

	if (cfg.token_file != NULL &&
	    token_from_query(target, token, sizeof(token))) {
		status = token_lookup(cfg.token_file, token, c->token_spec,
		    sizeof(c->token_spec), c->peer);
		if (status != 0)
			return status;
		if (target_parse(c->token_spec, &c->target) != 0) {
			log_warnx("%s: token file %s: token %s names %s, "
			    "which is not HOST:PORT; answered 500", c->peer,
			    cfg.token_file, token, c->token_spec + 4);
			return 500;
		}
		c->route = NULL;
		c->route_prefix = "";
		return route_rest("", target, false, c->rest,
		    sizeof(c->rest)) ? 0 : 400;
	}
	if ((c->route = route_match(&cfg.routes, host, target)) == NULL) {
		if (log_miss)
			log_warnx("%s: no route for host \"%s\" path %s, "
			    "answered 404", c->peer, host, c->req.path);
		return 404;
	}
	c->target = c->route->target;
	c->route_prefix = c->route->prefix;
	if (!route_rest(c->route_prefix, target, cfg.strip_prefix, c->rest,
	    sizeof(c->rest)))
		return 400;
	return 0;
}

/*
 * A later request inside a passthrough (host and target as for
 * route_select): would routing send it where the first went?  Sets the
 * target the backend must see in rest.  A token picks a target only by
 * reading the token file, which the relay's filter forbids: a later
 * request with one goes elsewhere.
 */
bool
route_same(const struct conn *c, const char *host, const char *target,
    char *rest, size_t restsize)
{
	char	 token[128];

	if (c->route == NULL || (cfg.token_file != NULL &&
	    token_from_query(target, token, sizeof(token))) ||
	    route_match(&cfg.routes, host, target) != c->route)
		return false;
	return route_rest(c->route_prefix, target, cfg.strip_prefix, rest,
	    restsize);
}
