/*
 * pass_in.h: the backend's request head for one request of a passthrough
 * connection, from what the connection knows (its peer, TLS, trust).
 */
#ifndef PASS_IN_H
#define PASS_IN_H

#include <stddef.h>

struct conn;
struct http_req;

int	 pass_head_for(struct conn *, const struct http_req *, const char *,
	    char *, size_t, size_t *);

#endif
