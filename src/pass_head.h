/*
 * pass_head.h: the request head a passthrough backend receives, made from
 * the client's parsed head (struct http_req) without I/O or allocation.
 */
#ifndef PASS_HEAD_H
#define PASS_HEAD_H

#include <stdbool.h>
#include <stddef.h>

struct http_req;

/* What the rewrite needs besides the client's head. */
struct pass_head_in {
	const char	*url_path;	/* the target URL's path (and query) */
	const char	*rest;		/* the request target to pass on */
	const char	*hostport;	/* the Host the backend gets */
	const char	*peer_ip;	/* the HTTP client (the TCP peer or
					 * the PROXY source): XFF's last */
	bool		 client_tls;	/* X-Forwarded-Proto https, else http */
	bool		 keep_forwarded; /* trusted peer: keep its XF-Proto/
					  * -Host, Forwarded, X-Real-IP */
	bool		 drop_auth;	/* --auth-file: Authorization is ours */
};

size_t	 pass_join_path(char *, size_t, const char *, const char *);
bool	 pass_is_upgrade(const struct http_req *);
void	 pass_peer_ip(const char *, char *, size_t);
int	 pass_head_build(const struct http_req *, const struct pass_head_in *,
	    char *, size_t, size_t *);

#endif
