/*
 * resident_int.h: the resident parent's state, shared by resident.c (the
 * parent's loop) and resident_child.c (a child's side of the fork, up to
 * its one connection).  Nothing else sees it.
 */
#ifndef RESIDENT_INT_H
#define RESIDENT_INT_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "listen.h"

#define RESIDENT_BACKOFF_MS	500	/* accept() short of descriptors or
					 * memory; a child that died idle */
#define RESIDENT_STATUS_MS	1000	/* at most one STATUS= a second */
#define RESIDENT_STOP_SLACK_MS	1000	/* past a handler's own bounds */
#define RESIDENT_CAP_LOG_MS	60000	/* "at --max-connections", again */

enum kid_state {
	KID_IDLE,			/* pre-forked, in accept() */
	KID_BUSY,			/* has its connection */
};

struct kid {
	pid_t		 pid;
	enum kid_state	 state;
};

struct resident {
	int		 fds[LISTEN_MAX];	/* listening sockets */
	bool		 tls[LISTEN_MAX];	/* ... named tls or https */
	int		 n;
	struct listener	 lst;			/* --listen's; fd -1 if none */
	pid_t		 self;
	sigset_t	 oldmask;		/* children restore it */
	bool		 term_handled;		/* SIGTERM had a handler */
	int		 sigfd;			/* SIGCHLD, SIGTERM, SIGINT */
	int		 busy_r, busy_w;	/* a child's pid: "accepted" */
	int		 notify;		/* notify.c's relay, or -1 */

	struct kid	*kids;			/* live children, dense */
	unsigned	 nkids, idle, busy;
	uint64_t	 served;		/* handlers that have exited */
	bool		 capped;		/* at --max-connections now */
	int64_t		 cap_logged;		/* ... said so then, or 0 */

	int64_t		 spawn_at;		/* no fork before (back-off) */
	int64_t		 accept_at;		/* prefork 0: no accept before */
	int64_t		 status_at;		/* a STATUS= due, 0 if none */
	int64_t		 status_last;
	int64_t		 watchdog_ms, watchdog_at;
	bool		 stopping;
	int64_t		 stop_at;
	int		 exit_status;
};

/* What an accept() error means for the one accepting. */
enum resident_accept {
	RESIDENT_AGAIN,			/* this connection only: go on */
	RESIDENT_BACKOFF,		/* out of descriptors or memory */
	RESIDENT_BROKEN,		/* the listening socket is unusable */
};

struct conn;
struct sockaddr;

enum resident_accept resident_accept_error(int);
void	 resident_child(struct resident *, struct conn *);
void	 resident_child_forked(struct resident *, struct conn *, int, int,
	    const struct sockaddr *, unsigned);

#endif
