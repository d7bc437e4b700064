/*
 * proxy_build.h: the PROXY protocol header wsinetd sends to a tcp: or
 * unix: backend (--backend-proxy), naming the client it decided on.
 */
#ifndef PROXY_BUILD_H
#define PROXY_BUILD_H

#include <stddef.h>
#include <stdint.h>

#define PROXY_BUILD_MAX	108	/* v1 TCP6 at most 104; v2 TCP6 52 */

/* --backend-proxy: for cfg, DEFAULT is off; for a route, cfg's. */
enum proxy_send {
	PROXY_SEND_DEFAULT,
	PROXY_SEND_OFF,
	PROXY_SEND_V1,
	PROXY_SEND_V2,
};

int		 proxy_version_parse(const char *);
const char	*proxy_version_name(int);
int		 proxy_build(int, const char *, const char *, unsigned char *,
		    size_t, size_t *);

/* proxy_send.c: the header to c->target before the relay; 0, 502, 504. */
struct conn;
int		 proxy_send(struct conn *, int64_t);

#endif
