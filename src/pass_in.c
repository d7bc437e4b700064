/*
 * pass_in.c: what pass_head.c needs to rewrite a request head for a
 * passthrough backend, taken from the connection: the HTTP client (the
 * TCP peer, or with --proxy-protocol the PROXY header's source), whether
 * the client came over TLS, whether that peer is a --trust-forwarded
 * proxy, whether --auth-file consumed the credentials.  passthrough.c
 * calls it for the first request, pass_frame.c for each later one on a
 * kept-alive connection (its own file so that neither includes the
 * other's header).
 */
#include "forwarded.h"
#include "pass_head.h"
#include "pass_in.h"
#include "wsinetd.h"

/*
 * The backend's head for request r (c->req or a later one on the same
 * connection) whose target, as the backend must see it, is rest: into
 * out[0..size).  0 with *len set, or -ENOSPC.
 */
int
pass_head_for(struct conn *c, const struct http_req *r, const char *rest,
    char *out, size_t size, size_t *len)
{
	struct pass_head_in	 in;
	const char		*hop;
	char			 peer_ip[64];

	/* The hop that sent us this HTTP request: the peer as it was
	 * before X-Forwarded-For (forwarded.c keeps it in c->peer0), which
	 * is the TCP peer, or with --proxy-protocol the PROXY header's
	 * source: a load balancer that sends PROXY only carries the
	 * client's bytes, it is no hop of HTTP's (c->via names it).
	 * Whether its X-Forwarded-* values are kept depends on that hop
	 * alone, the same for every request on the connection, and also
	 * when this request has no X-Forwarded-For (nginx is often set up
	 * to send only X-Forwarded-Proto). */
	hop = c->saved0 ? c->peer0 : c->peer;
	pass_peer_ip(hop, peer_ip, sizeof(peer_ip));
	in.url_path = c->target.url_path;
	in.rest = rest;
	in.hostport = c->target.hostport;
	in.peer_ip = peer_ip;
	in.client_tls = c->tls != NULL || c->tlsf.on;	/* ours or UCSPI's */
	in.keep_forwarded = cfg.ntrusted > 0 && forwarded_trusted(cfg.trusted,
	    cfg.ntrusted, hop);
	in.drop_auth = cfg.auth_file != NULL;
	return pass_head_build(r, &in, out, size, len);
}
