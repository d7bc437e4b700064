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
#define TARGET_URL_PATH_MAX 256		/* ws://host/PATH */
#define TARGET_ARGS_MAX	64		/* exec: PROGRAM and its arguments */

struct conn;

enum target_kind {
	TARGET_NONE,
	TARGET_ECHO,
	TARGET_TCP,
	TARGET_UNIX,
	TARGET_EXEC,
	TARGET_URL,
};

enum url_scheme {
	URL_WS,
	URL_WSS,
	URL_HTTP,
	URL_HTTPS,
};

struct target {
	enum target_kind kind;
	const char	*spec;			/* the TARGET string, for logs */
	char		 host[TARGET_HOST_MAX];	/* tcp: without brackets */
	char		 port[6];
	char		 path[TARGET_PATH_MAX];	/* unix: '@' -> abstract */
	size_t		 pathlen;
	int		 fd;			/* the backend, -1 when none */

	/* exec: argv[0] is PROGRAM as given; NULL-terminated. */
	char		**argv;

	/* ws://, wss://, http://, https:// (host and port above). */
	enum url_scheme	 scheme;
	bool		 url_tls;		/* wss, https */
	bool		 host_is_ip;		/* a literal: no SNI */
	char		 url_path[TARGET_URL_PATH_MAX];	/* at least "/" */
	char		 hostport[TARGET_HOST_MAX + 8];	/* for Host: */

	/* exec: the running program (target_exec.c); runtime, not parsed.
	 * fd above is its stdout.  Meaningful only once pgid > 0. */
	int		 wfd;			/* its stdin; == fd for a socket */
	int		 efd;			/* its stderr, -1 when closed */
	int		 pidfd;			/* readable once it exits, or -1 */
	int		 pid;			/* 0 once reaped */
	int		 pgid;			/* its process group: pid */
	bool		 pty;			/* --pty: fd == wfd, the master */
};

int	 target_parse(const char *, struct target *);
int	 target_parse_hostport(const char *, struct target *);
int	 target_parse_argv(char **, struct target *);
const char *target_kinds(void);
int	 target_open(struct conn *, int64_t);
void	 target_close(struct target *);
void	 target_free(struct target *);

/* target_tcp.c, target_unix.c: 0 with t->fd set, or 502/504. */
int	 target_tcp_open(struct target *, const char *, int64_t);
int	 target_unix_open(struct target *, const char *, int64_t);

/* target_exec.c: spawn the program; 0, or 502 when it cannot run. */
int	 target_exec_open(struct conn *, int64_t);
void	 target_exec_close(struct target *);

#endif
