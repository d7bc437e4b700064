/*
 * pass_in.c: what pass_head.c needs to rewrite a request head for a
 * passthrough backend, taken from the connection: the TCP peer, whether
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
	const char		*tcp_peer;
	char			 peer_ip[64];

	/* The TCP peer: a trusted proxy when X-Forwarded-For named the
	 * client (forwarded.c moved the proxy to c->via).  Whether its
	 * X-Forwarded-* values are kept depends on that peer alone, the
	 * same for every request on the connection, and also when this
	 * request has no X-Forwarded-For (nginx is often set up to send
	 * only X-Forwarded-Proto). */
	tcp_peer = c->via[0] ? c->via : c->peer;
	pass_peer_ip(tcp_peer, peer_ip, sizeof(peer_ip));
	in.url_path = c->target.url_path;
	in.rest = rest;
	in.hostport = c->target.hostport;
	in.peer_ip = peer_ip;
	in.client_tls = c->tls != NULL || c->tlsf.on;	/* ours or UCSPI's */
	in.keep_forwarded = cfg.ntrusted > 0 && forwarded_trusted(cfg.trusted,
	    cfg.ntrusted, tcp_peer);
	in.drop_auth = cfg.auth_file != NULL;
	return pass_head_build(r, &in, out, size, len);
}
