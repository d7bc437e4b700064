/*
 * route.h: which target a request goes to: --route [HOST]/PATH=TARGET
 * (longest path prefix; a route naming the Host beats one without),
 * ?token=NAME with --token-file, or the default TARGET.
 */
#ifndef ROUTE_H
#define ROUTE_H

#include <stdbool.h>
#include <stddef.h>

#include "target.h"

#define MAX_ROUTES	64		/* --route, default TARGET included */
#define ROUTE_HOST_MAX	256

struct conn;
struct http_req;

struct route {
	char		 host[ROUTE_HOST_MAX];	/* lowercase, "" = any */
	const char	*prefix;		/* "/vnc", "/_et/", "/" */
	struct target	 target;
	int		 proxy_version;		/* enum proxy_send: this
						 * route's --backend-proxy */
	bool		 pty;			/* --pty, --pty-route */
};

struct route_table {
	struct route	 r[MAX_ROUTES];
	size_t		 n;
};

int	 route_parse(const char *, struct route *);
int	 route_host_norm(const char *, size_t, char *, size_t);
const struct route *route_match(const struct route_table *, const char *,
	    const char *);
bool	 route_rest(const char *, const char *, bool, char *, size_t);
int	 route_select(struct conn *, const char *, const char *, bool);
bool	 route_same(const struct conn *, const char *, const char *, char *,
	    size_t);
bool	 route_dot_segment(const char *);
bool	 route_bad_escape(const char *);
void	 route_origin_form(const struct http_req *, char *, size_t);

/* token.c: websockify's token file; 0 with *t set, 404, or 500. */
int	 token_lookup(const char *, const char *, char *, size_t,
	    const char *);
bool	 token_from_query(const char *, char *, size_t);

#endif
