/*
 * listen_addr.h: a --listen spec, parsed (no I/O; listen.c binds it).
 */
#ifndef LISTEN_ADDR_H
#define LISTEN_ADDR_H

#include <stdbool.h>
#include <stdint.h>

#define LISTEN_HOST_MAX	256		/* a host name or literal, + NUL */
#define LISTEN_PATH_MAX	108		/* sizeof(sun_path) */

enum listen_kind {
	LISTEN_ANY,			/* PORT, :PORT: every address, both
					 * IPv6 and IPv4 */
	LISTEN_HOST,			/* ADDR:PORT, [ADDR]:PORT */
	LISTEN_UNIX,			/* unix:PATH, unix:@NAME */
};

struct listen_addr {
	enum listen_kind kind;
	char		 host[LISTEN_HOST_MAX];	/* LISTEN_HOST, no brackets */
	bool		 bracketed;		/* [ADDR]: an IPv6 literal */
	uint16_t	 port;			/* 1-65535; not LISTEN_UNIX */
	char		 path[LISTEN_PATH_MAX];	/* LISTEN_UNIX, NUL-ended */
	bool		 abstract;		/* unix:@NAME: path is NAME */
};

int	 listen_addr_parse(const char *, struct listen_addr *, const char **);

#endif
