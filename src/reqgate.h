/*
 * reqgate.h: the checks every request of a connection passes before
 * anything acts on it, the first and every later one.
 */
#ifndef REQGATE_H
#define REQGATE_H

#include <stdbool.h>
#include <stddef.h>

struct conn;
struct http_req;

struct reqgate {
	/* In. */
	bool		 later;		/* inside a passthrough: it must go
					 * where the first request went */
	bool		 log_miss;	/* log a 404 (no --web to try) */
	char		*rest;		/* later: the backend's target, out */
	size_t		 restsize;
	/* Out. */
	int		 route;		/* 0 routed; else 404 (later: routes
					 * elsewhere), 400 or 500 */
	const char	*why;		/* a refusal's reason, for its body */
};

int	 reqgate(struct conn *, const struct http_req *, struct reqgate *);

#endif
