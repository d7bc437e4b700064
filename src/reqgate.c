/*
 * reqgate.c: the gate every request of a connection passes, once, before
 * anything acts on it: the first one, each later one on a connection
 * kept alive for --web (main.c), and each later one inside a passthrough
 * (pass_frame.c), so that no check of the first can be skipped by
 * sending a second.  In order:
 *
 * - the method: CONNECT asks for a tunnel, which no route is (RFC 9110
 *   §9.3.6: its target names a host, routes match paths); and so does
 *   "Upgrade: h2c" (RFC 7540 §3.2), whose HTTP/2 requests, after a
 *   backend's 101, would pass as bytes nobody checks;
 * - the request form (RFC 9112 §3.2): a target of visible ASCII only
 *   (no TAB, FF, space, DEL or byte >= 0x80, which backends split or
 *   read otherwise) and without '#' (a fragment stays with the client;
 *   nginx ends the path there: "/app/..#" climbed), in origin form, or
 *   in absolute form (§3.2.2) for http or https, whose authority must
 *   then equal Host: the server "MUST ignore" Host, a backend behind us
 *   may not, and a request that names two hosts could route one way and
 *   be served another.  "*" is left to routing (no route takes it);
 * - Host: one, and in HTTP/1.1 at least one (RFC 9112 §3.2), whose value
 *   is a host and maybe a port (RFC 9110 §7.2: else 400), so that
 *   routing, the Origin check and X-Forwarded-Host all read one host;
 * - the path: no ".." segment, whatever ends it (route.c);
 * - the route (route.c), which a later request in a passthrough must
 *   share with the first; a GET or HEAD to a passthrough may not carry
 *   a body (RFC 9110 §9.3.1: it has no meaning there, and a backend
 *   that does not read it takes it for the next request, which we
 *   framed as a body and never checked);
 * - the Origin of a WebSocket upgrade: --origin's patterns, or by
 *   default the same origin (origin.c), except on a passthrough route
 *   without --origin, whose backend sees Origin and decides.
 *
 * Each refusal is logged here with its reason; the caller answers it.
 */
#include <fnmatch.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "forwarded.h"
#include "http.h"
#include "log.h"
#include "origin.h"
#include "reqgate.h"
#include "route.h"
#include "upgrade.h"
#include "wsinetd.h"

/* What the request names: its origin-form target and its host. */
struct reqgate_names {
	char		 target[MAX_HEADER_BYTES];
	const char	*host;		/* Host, or the absolute form's */
	size_t		 hlen;
	bool		 has_host;
};

static int
reqgate_refuse(struct conn *c, const struct http_req *r, struct reqgate *g,
    int status, const char *why, const char *detail)
{
	log_warnx("%s: \"%s %s\": %s%s, answered %d", c->peer, r->method_name,
	    r->path, why, detail, status);
	g->why = why;
	return status;
}

/*
 * The request target as written: checked for its bytes, then put in
 * origin form into n->target, with n->host the authority of an absolute
 * form or the Host header.  0, or 400 with *why set.
 */
static int
reqgate_form(const struct http_req *r, struct reqgate_names *n,
    const char **why)
{
	const char	*u = (const char *)r->base + r->url.off, *a, *p;
	const char	*hv = NULL;
	size_t		 len = r->url.len, i, alen, hlen = 0, slen;

	for (i = 0; i < len; i++)
		if ((unsigned char)u[i] < 0x21 || (unsigned char)u[i] >= 0x7f) {
			*why = "a control, space or non-ASCII byte in the "
			    "request target";
			return 400;
		}
	/* RFC 9112 §3.2: no fragment in a request target (the client
	 * keeps it); nginx ends the path at '#', after our ".." check. */
	if (memchr(u, '#', len) != NULL) {
		*why = "a '#' in the request target";
		return 400;
	}
	n->has_host = http_header(r, "Host", &hv, &hlen);
	n->host = hv;
	n->hlen = hlen;
	if (len > 0 && (u[0] == '/' || (len == 1 && u[0] == '*'))) {
		memcpy(n->target, u, len);	/* len < MAX_HEADER_BYTES */
		n->target[len] = '\0';
		return 0;
	}
	if (len >= 7 && strncasecmp(u, "http://", 7) == 0)
		slen = 7;
	else if (len >= 8 && strncasecmp(u, "https://", 8) == 0)
		slen = 8;
	else {
		*why = "a request target in neither origin nor absolute form";
		return 400;
	}
	a = u + slen;
	for (p = a; p < u + len && *p != '/' && *p != '?'; p++)
		;
	alen = (size_t)(p - a);
	if (alen == 0 || memchr(a, '@', alen) != NULL) {
		*why = "an absolute-form target without a plain authority";
		return 400;
	}
	if (n->has_host && (hlen != alen || strncasecmp(hv, a, alen) != 0)) {
		*why = "an absolute-form target whose authority is not Host";
		return 400;
	}
	n->host = a;
	n->hlen = alen;
	n->has_host = true;
	slen = (size_t)(u + len - p);
	i = 0;
	if (slen == 0 || *p == '?')
		n->target[i++] = '/';
	memcpy(n->target + i, p, slen);
	n->target[i + slen] = '\0';
	return 0;
}

/*
 * The host the browser sent its request to: Host (or the absolute
 * form's), or behind a --trust-forwarded proxy its X-Forwarded-Host (the
 * last value: the one that proxy wrote).
 */
static void
reqgate_own_host(const struct conn *c, const struct http_req *r,
    const struct reqgate_names *n, const char **h, size_t *hlen)
{
	const char	*tcp_peer = c->via[0] ? c->via : c->peer;
	const char	*v, *end, *tok, *last = NULL;
	size_t		 len, i, tlen, llen = 0;

	*h = n->host ? n->host : "";
	*hlen = n->host ? n->hlen : 0;
	if (cfg.ntrusted == 0 || !forwarded_trusted(cfg.trusted,
	    cfg.ntrusted, tcp_peer))
		return;
	for (i = 0; http_header_nth(r, "X-Forwarded-Host", i, &v, &len);
	    i++) {
		for (end = v + len; http_next_token(&v, end, &tok, &tlen);) {
			last = tok;
			llen = tlen;
		}
	}
	if (last != NULL) {
		*h = last;
		*hlen = llen;
	}
}

/* The Origin of a WebSocket upgrade: 0, or 403 (logged). */
static int
reqgate_origin(struct conn *c, const struct http_req *r,
    const struct reqgate_names *n, struct reqgate *g)
{
	char		 origin[1024], shown[256], hshown[256], detail[900];
	const char	*val, *h;
	size_t		 len, hlen, i;

	if (!upgrade_requested(r) || !http_header(r, "Origin", &val, &len))
		return 0;	/* only browsers send it, and need it */
	http_printable(shown, sizeof(shown), (const uint8_t *)val, len);
	if (http_header_count(r, "Origin") > 1)
		return reqgate_refuse(c, r, g, 403, "more than one Origin", "");
	if (cfg.norigins > 0) {
		if (len < sizeof(origin)) {
			memcpy(origin, val, len);
			origin[len] = '\0';
			for (i = 0; i < cfg.norigins; i++)
				if (fnmatch(cfg.origins[i], origin,
				    FNM_CASEFOLD) == 0)
					return 0;
		}
		snprintf(detail, sizeof(detail), " (Origin %s; add --origin "
		    "%s to allow it)", shown, shown);
		return reqgate_refuse(c, r, g, 403, "Origin not allowed by "
		    "--origin", detail);
	}
	if (c->target.kind == TARGET_URL)
		return 0;	/* the backend gets Origin and decides */
	reqgate_own_host(c, r, n, &h, &hlen);
	if (origin_same(val, len, h, hlen))
		return 0;
	http_printable(hshown, sizeof(hshown), (const uint8_t *)h, hlen);
	snprintf(detail, sizeof(detail), " (Origin %s, Host %s; allow it "
	    "with --origin %s, or any with --origin '*')", shown, hshown,
	    shown);
	return reqgate_refuse(c, r, g, 403, "Origin is not this server's",
	    detail);
}

/*
 * Does r announce a body: any Transfer-Encoding, or a Content-Length
 * other than 0?  (http.c has refused two lengths, or a length and a
 * coding, already.)
 */
static bool
reqgate_has_body(const struct http_req *r)
{
	const char	*v;
	size_t		 n;

	if (http_header_count(r, "Transfer-Encoding") > 0)
		return true;
	if (!http_header(r, "Content-Length", &v, &n))
		return false;
	while (n > 0 && *v == '0') {
		v++;
		n--;
	}
	return n > 0;
}

/*
 * Every check, for request r of connection c.  Returns 0 when r may go
 * on (g->route then says where routing sent it; the first request's
 * route is in c->route, c->target and c->rest), or the status to refuse
 * it with (logged; g->why says why).
 */
int
reqgate(struct conn *c, const struct http_req *r, struct reqgate *g)
{
	struct reqgate_names n;
	char		 host[ROUTE_HOST_MAX] = "", detail[256];
	const char	*why = NULL;
	int		 status;

	g->route = 404;
	g->why = NULL;
	if (r->method == HTTP_CONNECT)
		return reqgate_refuse(c, r, g, 400, "CONNECT (no route is a "
		    "tunnel)", "");
	if (http_has_token(r, "Upgrade", "h2c", true))
		return reqgate_refuse(c, r, g, 400, "Upgrade: h2c (after a 101 "
		    "its HTTP/2 requests would reach the backend unchecked)",
		    "");
	if ((status = reqgate_form(r, &n, &why)) != 0)
		return reqgate_refuse(c, r, g, status, why, "");
	if (http_header_count(r, "Host") > 1)
		return reqgate_refuse(c, r, g, 400, "more than one Host header",
		    "");
	if (!n.has_host && (r->major > 1 || (r->major == 1 && r->minor > 0)))
		return reqgate_refuse(c, r, g, 400, "HTTP/1.1 without Host",
		    "");
	if (n.has_host && !origin_host_valid(n.host, n.hlen)) {
		/* Shown as sent: log.c makes any byte safe. */
		snprintf(detail, sizeof(detail), " (Host \"%.*s\")",
		    (int)(n.hlen < 200 ? n.hlen : 200), n.host);
		return reqgate_refuse(c, r, g, 400, "a Host that is not "
		    "host[:port]", detail);
	}
	if (route_dot_segment(n.target))
		return reqgate_refuse(c, r, g, 400, "a \"..\" path segment "
		    "(clients remove them; a backend might resolve it past its "
		    "route)", "");
	if (route_bad_escape(n.target))
		return reqgate_refuse(c, r, g, 400, "%00 or an overlong UTF-8 "
		    "escape in the path (a backend may read them as the end of "
		    "the name or as '.')", "");
	if (n.host != NULL && route_host_norm(n.host, n.hlen, host,
	    sizeof(host)) != 0)
		host[0] = '\0';
	if (g->later)
		g->route = route_same(c, host, n.target, g->rest,
		    g->restsize) ? 0 : 404;
	else
		g->route = route_select(c, host, n.target, g->log_miss);
	if (g->route != 0)
		return 0;
	/* --web answers such a GET and closes, its body unread; a
	 * passthrough would forward the body to a backend that may not. */
	if (c->target.kind == TARGET_URL && (r->method == HTTP_GET ||
	    r->method == HTTP_HEAD) && reqgate_has_body(r))
		return reqgate_refuse(c, r, g, 400, "a GET or HEAD with a body "
		    "to a passthrough (a backend that ignores it would read it "
		    "as a request)", "");
	return reqgate_origin(c, r, &n, g);
}
