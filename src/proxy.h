/*
 * proxy.h: the PROXY protocol header (HAProxy's proxy-protocol.txt, v1
 * text and v2 binary) that a load balancer sends before anything else.
 */
#ifndef PROXY_H
#define PROXY_H

#include <stdbool.h>
#include <stddef.h>

#define PROXY_V1_MAX	107	/* the spec's longest v1 line, CRLF included */
#define PROXY_V2_MAX	1040	/* 16-byte head + addresses + TLVs we accept */

enum proxy_result {
	PROXY_OK,		/* a whole header; *hdrlen bytes of it */
	PROXY_PARTIAL,		/* every byte so far is header: read more */
	PROXY_BAD,		/* not a valid header: refuse the connection */
};

struct proxy_info {
	bool	 local;		/* v2 LOCAL or v1 UNKNOWN: keep the peer */
	bool	 own;		/* v2 LOCAL: the proxy's own connection */
	char	 peer[64];	/* "ip:port" of the real client, else "" */
	char	 dst[64];	/* "ip:port" the client connected to, or "" */
	char	 why[96];	/* PROXY_BAD: the reason, for the log */
};

enum proxy_result proxy_parse(const unsigned char *, size_t,
		    struct proxy_info *, size_t *);
int	 proxy_port_parse(const char *, size_t, unsigned *);

struct conn;
int	 proxy_read(struct conn *);

#endif
