/*
 * passthrough.h: reverse-proxy passthrough to a ws://, wss://, http:// or
 * https:// target, for any request, upgrade or not.
 */
#ifndef PASSTHROUGH_H
#define PASSTHROUGH_H

#include <stddef.h>

struct conn;
struct http_req;

void	 passthrough_run(struct conn *);
int	 passthrough_head(struct conn *, const struct http_req *, const char *,
	    char *, size_t, size_t *);

#endif
