/*
 * listen.h: bind --listen's socket (the only code that binds one).
 */
#ifndef LISTEN_H
#define LISTEN_H

#include <stdbool.h>
#include <sys/types.h>

#include "listen_addr.h"

#define LISTEN_MAX	16		/* listening sockets one parent serves */

/* A socket listen_bind() made, and the file it created, if any. */
struct listener {
	int		 fd;
	char		 path[LISTEN_PATH_MAX];	/* unix: socket file, or "" */
	dev_t		 dev;			/* ... and its identity, so */
	ino_t		 ino;			/* only ours is removed */
};

void	 listen_bind(const char *, struct listener *);
void	 listen_release(struct listener *);

#endif
