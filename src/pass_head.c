/*
 * pass_head.c: rewrite the client's request head for a passthrough
 * backend (ws://, wss://, http://, https://).  Runs after routing, before
 * any byte goes to the backend; the body and everything after the head
 * are spliced unchanged by splice.c, so only the head changes:
 *
 * - the request line keeps the method and the client's HTTP version (a
 *   1.0 client must not get a chunked 1.1 response it cannot read) and
 *   carries the joined path (pass_join_path);
 * - Host becomes the target's host[:port];
 * - hop-by-hop headers (RFC 9110 §7.6.1) are removed: Connection and every
 *   header it names, Keep-Alive, Proxy-Connection, TE, Trailer, Upgrade,
 *   and Proxy-Authorization (credentials meant for us, the first proxy).
 *   An upgrade keeps "Connection: Upgrade" and its Upgrade headers; a
 *   client's "Connection: close" is kept, since the splice is end to end;
 * - X-Forwarded-For gets the HTTP client's address (the TCP peer, or the
 *   PROXY header's source under --proxy-protocol) appended to what the
 *   client sent; X-Forwarded-Proto (http or https: how the client reached
 *   us, also for WebSocket upgrades, as nginx does) and X-Forwarded-Host
 *   (the client's Host) replace the client's own, unless the peer is a
 *   --trust-forwarded proxy, whose values are kept;
 * - Forwarded (RFC 7239) and X-Real-IP, which we do not write, pass only
 *   from such a proxy: from anyone else they are forgeries (browsers
 *   never send them) that a backend trusting its loopback peer would
 *   believe;
 * - Authorization is removed when --auth-file checked it: the password
 *   was for us, not for the backend.
 *
 * No I/O, no allocation: the unit test t_pass_head calls it directly.
 */
#include <errno.h>
#include <string.h>
#include <strings.h>

#include "http.h"
#include "pass_head.h"

/* An output buffer that remembers whether anything did not fit. */
struct out {
	char	*p;
	size_t	 len, size;
	bool	 over;
};

static void
out_mem(struct out *o, const char *s, size_t n)
{
	if (o->over || n > o->size - o->len) {
		o->over = true;
		return;
	}
	memcpy(o->p + o->len, s, n);
	o->len += n;
}

static void
out_str(struct out *o, const char *s)
{
	out_mem(o, s, strlen(s));
}

/* A header value, with CR and LF (obs-fold) turned into spaces. */
static void
out_value(struct out *o, const char *s, size_t n)
{
	size_t	 i;

	if (o->over || n > o->size - o->len) {
		o->over = true;
		return;
	}
	for (i = 0; i < n; i++)
		o->p[o->len + i] = (s[i] == '\r' || s[i] == '\n') ? ' ' : s[i];
	o->len += n;
}

/*
 * The path the backend gets: the URL's path joined with the request's
 * (rest, which starts with "/").  When the URL's path ends in "/", rest's
 * leading "/" is dropped, else the two are concatenated:
 *   "/" + "/x?y" -> "/x?y",  "/base/" + "/x" -> "/base/x",
 *   "/base" + "/x" -> "/base/x",  "/base/" + "/" -> "/base/".
 * A query in the URL comes first: "/p?a=1" + "/x?b=2" -> "/p/x?a=1&b=2".
 * An absolute-form rest ("http://h/x") contributes its path; "*"
 * (OPTIONS) passes as "*" to a URL whose path is "/".
 * Writes a NUL-terminated string; returns the length it needs (as
 * snprintf does: >= size means it did not fit).
 */
size_t
pass_join_path(char *dst, size_t size, const char *url_path,
    const char *rest)
{
	struct out	 o = { dst, 0, size > 0 ? size - 1 : 0, false };
	const char	*uq, *rq, *p;
	size_t		 ulen, rlen, need;

	if (url_path == NULL || url_path[0] == '\0')
		url_path = "/";
	if (rest[0] != '/') {
		if (strcmp(rest, "*") == 0 && strcmp(url_path, "/") == 0)
			rest = "*";
		else if ((p = strstr(rest, "://")) != NULL &&
		    (p = strpbrk(p + 3, "/?")) != NULL && *p == '/')
			rest = p;
		else
			rest = "/";
	}
	uq = strchr(url_path, '?');
	ulen = uq ? (size_t)(uq - url_path) : strlen(url_path);
	rq = strchr(rest, '?');
	rlen = rq ? (size_t)(rq - rest) : strlen(rest);
	if (rest[0] == '*') {
		out_str(&o, "*");
	} else {
		out_mem(&o, url_path, ulen);
		if (ulen > 0 && url_path[ulen - 1] == '/' && rest[0] == '/')
			out_mem(&o, rest + 1, rlen - 1);
		else
			out_mem(&o, rest, rlen);
	}
	if (uq != NULL) {
		out_str(&o, uq);
		if (rq != NULL && rq[1] != '\0') {
			out_str(&o, uq[1] != '\0' ? "&" : "");
			out_str(&o, rq + 1);
		}
	} else if (rq != NULL)
		out_str(&o, rq);
	if (!o.over) {
		if (size > 0)
			dst[o.len] = '\0';
		return o.len;
	}
	/* Did not fit: report what it would need. */
	need = ulen + rlen + (uq ? strlen(uq) : 0) + (rq ? strlen(rq) : 0) + 1;
	if (size > 0)
		dst[size - 1] = '\0';
	return need >= size ? need : size;
}

/* Is this a protocol upgrade (Connection: upgrade and an Upgrade)? */
bool
pass_is_upgrade(const struct http_req *r)
{
	return http_has_token(r, "Connection", "upgrade", true) &&
	    http_header_count(r, "Upgrade") > 0;
}

/* "1.2.3.4:5" -> "1.2.3.4", "[::1]:5" -> "::1" (X-Forwarded-For's form). */
void
pass_peer_ip(const char *peer, char *ip, size_t size)
{
	const char	*s = peer, *e;

	if (*s == '[') {
		s++;
		e = strchr(s, ']');
	} else
		e = strrchr(s, ':');
	if (e == NULL)
		e = s + strlen(s);
	if ((size_t)(e - s) >= size)
		e = s + size - 1;
	memcpy(ip, s, (size_t)(e - s));
	ip[e - s] = '\0';
}

static bool
name_is(const struct http_req *r, const struct http_hdr *h, const char *name)
{
	return h->name.len == strlen(name) && strncasecmp((const char *)
	    r->base + h->name.off, name, h->name.len) == 0;
}

/* Is this header hop-by-hop: always, or named by a Connection header? */
static bool
hop_by_hop(const struct http_req *r, const struct http_hdr *h)
{
	static const char *const always[] = { "Connection", "Keep-Alive",
	    "Proxy-Connection", "TE", "Trailer", "Upgrade",
	    "Proxy-Authorization" };
	const char	*name = (const char *)r->base + h->name.off;
	const char	*p, *end, *tok;
	size_t		 i, j, len;

	for (i = 0; i < sizeof(always) / sizeof(always[0]); i++)
		if (name_is(r, h, always[i]))
			return true;
	/* The body we splice is framed by these: a Connection header that
	 * names them must not make the backend read it as a new request. */
	if (name_is(r, h, "Content-Length") ||
	    name_is(r, h, "Transfer-Encoding"))
		return false;
	for (i = 0; i < r->nhdr; i++) {
		if (!name_is(r, &r->hdr[i], "Connection"))
			continue;
		p = (const char *)r->base + r->hdr[i].value.off;
		end = p + r->hdr[i].value.len;
		while (http_next_token(&p, end, &tok, &len)) {
			if (len != h->name.len)
				continue;
			for (j = 0; j < len; j++)
				if ((tok[j] | 0x20) != (name[j] | 0x20))
					break;
			if (j == len)
				return true;
		}
	}
	return false;
}

/* Value span of h without surrounding whitespace. */
static void
value_of(const struct http_req *r, const struct http_hdr *h, const char **v,
    size_t *n)
{
	*v = (const char *)r->base + h->value.off;
	*n = h->value.len;
	while (*n > 0 && (**v == ' ' || **v == '\t')) {
		(*v)++;
		(*n)--;
	}
	while (*n > 0 && ((*v)[*n - 1] == ' ' || (*v)[*n - 1] == '\t'))
		(*n)--;
}

static void
out_header(struct out *o, const char *name, const char *v, size_t n)
{
	out_str(o, name);
	out_str(o, ": ");
	out_value(o, v, n);
	out_str(o, "\r\n");
}

/* X-Forwarded-For: every value the client sent, then the peer. */
static void
out_xff(struct out *o, const struct http_req *r, const char *peer_ip)
{
	const char	*v;
	size_t		 i, n;
	bool		 any = false;

	out_str(o, "X-Forwarded-For: ");
	for (i = 0; i < r->nhdr; i++) {
		if (!name_is(r, &r->hdr[i], "X-Forwarded-For"))
			continue;
		value_of(r, &r->hdr[i], &v, &n);
		if (n == 0)
			continue;
		if (any)
			out_str(o, ", ");
		out_value(o, v, n);
		any = true;
	}
	if (any)
		out_str(o, ", ");
	out_str(o, peer_ip);
	out_str(o, "\r\n");
}

/*
 * Write the backend's request head (ending in the empty line) to
 * dst[0..size).  Returns 0 with *len set, or -ENOSPC when it does not
 * fit.  r must be a complete head (r->done).
 */
int
pass_head_build(const struct http_req *r, const struct pass_head_in *in,
    char *dst, size_t size, size_t *len)
{
	struct out		 o = { dst, 0, size, false };
	const struct http_hdr	*h;
	const char		*v;
	size_t			 i, n, plen;
	bool			 upgrade = pass_is_upgrade(r);
	bool			 has_proto, has_fhost;

	/* Request line; the joined path goes straight into the buffer. */
	out_str(&o, r->method_name);
	out_str(&o, " ");
	if (o.over)
		return -ENOSPC;
	plen = pass_join_path(o.p + o.len, o.size - o.len, in->url_path,
	    in->rest);
	if (plen >= o.size - o.len)
		return -ENOSPC;
	o.len += plen;
	out_str(&o, r->major == 1 && r->minor == 0 ? " HTTP/1.0\r\n" :
	    " HTTP/1.1\r\n");
	out_header(&o, "Host", in->hostport, strlen(in->hostport));

	has_proto = in->keep_forwarded &&
	    http_header_count(r, "X-Forwarded-Proto") > 0;
	has_fhost = in->keep_forwarded &&
	    http_header_count(r, "X-Forwarded-Host") > 0;
	for (i = 0; i < r->nhdr; i++) {
		h = &r->hdr[i];
		if (name_is(r, h, "Host") || hop_by_hop(r, h) ||
		    name_is(r, h, "X-Forwarded-For") ||
		    (!has_proto && name_is(r, h, "X-Forwarded-Proto")) ||
		    (!has_fhost && name_is(r, h, "X-Forwarded-Host")) ||
		    (!in->keep_forwarded && (name_is(r, h, "Forwarded") ||
		    name_is(r, h, "X-Real-IP"))) ||
		    (in->drop_auth && name_is(r, h, "Authorization")))
			continue;
		value_of(r, h, &v, &n);
		out_mem(&o, (const char *)r->base + h->name.off, h->name.len);
		out_str(&o, ": ");
		out_value(&o, v, n);
		out_str(&o, "\r\n");
	}
	if (upgrade) {
		out_str(&o, "Connection: Upgrade\r\n");
		for (i = 0; i < r->nhdr; i++) {
			if (!name_is(r, &r->hdr[i], "Upgrade"))
				continue;
			value_of(r, &r->hdr[i], &v, &n);
			out_header(&o, "Upgrade", v, n);
		}
	} else if (http_has_token(r, "Connection", "close", true))
		out_str(&o, "Connection: close\r\n");
	out_xff(&o, r, in->peer_ip);
	if (!has_proto)
		out_str(&o, in->client_tls ? "X-Forwarded-Proto: https\r\n" :
		    "X-Forwarded-Proto: http\r\n");
	for (i = 0; !has_fhost && i < r->nhdr; i++)
		if (name_is(r, &r->hdr[i], "Host")) {
			value_of(r, &r->hdr[i], &v, &n);
			out_header(&o, "X-Forwarded-Host", v, n);
			break;
		}
	out_str(&o, "\r\n");
	if (o.over)
		return -ENOSPC;
	*len = o.len;
	return 0;
}
