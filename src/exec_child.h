/*
 * exec_child.h: the relay's side of an exec: program: its stderr lines to
 * the log, its exit status, and the grace periods (stdin closed, then
 * SIGTERM, then SIGKILL) that end it when the WebSocket is done.
 */
#ifndef EXEC_CHILD_H
#define EXEC_CHILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define EXEC_REAP_MS	1000		/* after SIGKILL: then leave it be */
#define EXEC_POLL_MS	20		/* no pidfd: how often to ask wait4 */
#define EXEC_LINE_MAX	512		/* longer stderr lines: in pieces */

struct conn;
struct target;

struct exec_child {
	bool	 exited;		/* reaped; status is wait4's */
	int	 status;
	bool	 gave_up;		/* SIGKILL did not end it */
	int64_t	 end_at;		/* stdin closed for good: grace starts */
	int	 sent;			/* last signal: 0, SIGTERM, SIGKILL */
	int64_t	 sent_at;
	size_t	 nline;			/* stderr bytes of an unfinished line */
	char	 line[EXEC_LINE_MAX + 1];
};

bool	 exec_child_reap(struct target *, int *);
void	 exec_child_wait(struct target *, int64_t);
void	 exec_child_stderr(struct conn *, struct exec_child *, bool);
int64_t	 exec_child_timers(struct conn *, struct exec_child *, bool, int64_t);
void	 exec_child_describe(int, char *, size_t);

#endif
