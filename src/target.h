/*
 * target.h: where the relay sends the WebSocket: parsed from a TARGET
 * string, opened before the 101 so a dead backend gets 502 or 504.
 */
#ifndef TARGET_H
#define TARGET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TARGET_HOST_MAX	256
#define TARGET_PATH_MAX	108		/* sun_path */

enum target_kind {
	TARGET_NONE,
	TARGET_ECHO,
	TARGET_TCP,
	TARGET_UNIX,
};

struct target {
	enum target_kind kind;
	const char	*spec;			/* the TARGET string, for logs */
	char		 host[TARGET_HOST_MAX];	/* tcp: without brackets */
	char		 port[6];
	char		 path[TARGET_PATH_MAX];	/* unix: '@' -> abstract */
	size_t		 pathlen;
	int		 fd;			/* the backend, -1 when none */
};

int	 target_parse(const char *, struct target *);
int	 target_open(struct target *, const char *, int64_t);
void	 target_close(struct target *);

/* target_tcp.c, target_unix.c: 0 with t->fd set, or 502/504. */
int	 target_tcp_open(struct target *, const char *, int64_t);
int	 target_unix_open(struct target *, const char *, int64_t);

#endif
