/*
 * exec_stub.h: the process that becomes an exec: program.  Forked before
 * the request filter is installed (so the program runs under no filter
 * of ours), it waits for the request's environment and then execve()s.
 */
#ifndef EXEC_STUB_H
#define EXEC_STUB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define EXEC_STUB_HDR	4		/* the route's index, little endian */

struct conn;
struct exec_env;
struct route_table;

/* Our side of the waiting child; every fd -1 when not held. */
struct exec_stub {
	int	 pid;			/* 0 when there is none */
	int	 ctl;			/* its request pipe */
	int	 in, out, err;		/* its stdin, stdout and stderr */
	int	 st;			/* EOF: execve() worked; else errno */
	int	 pidfd;			/* readable once it exits, or -1 */
};

bool	 exec_stub_needed(const struct route_table *);
void	 exec_stub_init(struct exec_stub *);
int	 exec_stub_fork(struct conn *);
int	 exec_stub_send(struct exec_stub *, size_t, const struct exec_env *,
	    int64_t);
void	 exec_stub_close(struct exec_stub *);
int	 exec_stub_parse(char *, size_t, const struct route_table *, size_t *,
	    char **, size_t);

#endif
