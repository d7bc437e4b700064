/*
 * exec_stub.c: how an exec: program starts with no seccomp filter of ours
 * while every client byte is parsed under one.
 *
 * A filter is inherited by every child and survives execve(), so the
 * program cannot be started by the filtered process.  When an exec:
 * target is configured, exec_stub_fork() forks a child right after the
 * privilege drop and before the request filter (main.c): the stub.  It
 * moves its pipes to fds 0-3 at once (so it never holds the client's
 * socket), takes its own process group and default signals, and waits
 * on a pipe.  Once a request has been routed to an exec: target,
 * target_exec.c sends it the route's index and the CGI environment
 * (exec_stub_send); the stub checks both against its own copy of the
 * configuration (exec_stub_parse), looks PROGRAM up in PATH and calls
 * execve().  A connection that does not use it closes the pipe, and the
 * stub exits.
 *
 * Why a child per connection and not a spawner asked over a socket: the
 * program must be our child (reaped with wait4, its exit status in the
 * access line), and a fork at this point costs what the vfork() at
 * target_exec_open() did plus copy-on-write faults (README, "Security
 * model").
 *
 * The stub runs unfiltered and reads what the filtered process sends: a
 * compromised request phase must not turn that into a way out.  So the
 * message says only which configured route (the program and its
 * arguments come from the stub's own configuration), and the environment
 * is checked name by name against what exec_env.c builds: no LD_PRELOAD,
 * no PATH of the sender's (the stub sets its own), nothing else.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/pidfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "exec_env.h"
#include "exec_path.h"
#include "exec_stub.h"
#include "io.h"
#include "log.h"
#include "pty.h"
#include "route.h"
#include "wsinetd.h"

#define STUB_CTL	4		/* the request pipe, in the stub */

/* Is any route's target exec:?  Then each connection forks a stub. */
bool
exec_stub_needed(const struct route_table *t)
{
	size_t	 i;

	for (i = 0; i < t->n; i++)
		if (t->r[i].target.kind == TARGET_EXEC)
			return true;
	return false;
}

void
exec_stub_init(struct exec_stub *s)
{
	s->pid = 0;
	s->ctl = s->in = s->out = s->err = s->st = s->pidfd = -1;
}

/*
 * The stub's request: route (EXEC_STUB_HDR bytes, little endian) then
 * NUL-terminated NAME=VALUE strings, in msg[0..len).  Sets *route (an
 * exec: route of t) and envp[0..) to the strings (PATH left out: the
 * stub adds its own), NULL-terminated within max entries.  Returns the
 * number of variables, or -EINVAL (a name exec_env.c never writes, an
 * unterminated string, another route) or -E2BIG.  A parser: no I/O, so
 * t_exec_stub.c and fuzz_exec_stub.c call it directly.
 */
int
exec_stub_parse(char *msg, size_t len, const struct route_table *t,
    size_t *route, char **envp, size_t max)
{
	size_t	 i, n = 0, idx = 0;
	char	*p, *end = msg + len, *nul;

	if (len < EXEC_STUB_HDR || max == 0)
		return -EINVAL;
	for (i = EXEC_STUB_HDR; i-- > 0;)
		idx = idx << 8 | (unsigned char)msg[i];
	if (idx >= t->n || t->r[idx].target.kind != TARGET_EXEC)
		return -EINVAL;
	for (p = msg + EXEC_STUB_HDR; p < end; p = nul + 1) {
		if ((nul = memchr(p, '\0', (size_t)(end - p))) == NULL ||
		    !exec_env_name_ok(p))
			return -EINVAL;
		if (strncmp(p, "PATH=", 5) == 0 || exec_env_passed(p))
			continue;	/* the stub's own (--passenv) */
		if (n + 1 >= max)
			return -E2BIG;
		envp[n++] = p;
	}
	envp[n] = NULL;
	*route = idx;
	return (int)n;
}

/*
 * Read the request pipe until EOF into msg[0..size): the length, or -1
 * when it does not fit or reading failed.
 */
static ssize_t
exec_stub_read(char *msg, size_t size)
{
	size_t	 len = 0;
	ssize_t	 n;

	for (;;) {
		n = read(STUB_CTL, msg + len, size - len);
		if (n == 0)
			return (ssize_t)len;
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || (len += (size_t)n) == size)
			return -1;
	}
}

/* Does envp[0..n) set the variable prefix ("NAME=") names? */
static bool
exec_stub_has(char **envp, size_t n, const char *prefix)
{
	size_t	 i, len = strlen(prefix);

	for (i = 0; i < n; i++)
		if (strncmp(envp[i], prefix, len) == 0)
			return true;
	return false;
}

/*
 * The stub, in the child of fork(): p[0..2] are the program's stdin,
 * stdout and stderr ends, p[3] the status pipe's write end, p[4] the
 * request pipe's read end.  Never returns; a failure is its errno on fd 3.
 */
static void __attribute__((noreturn))
exec_stub_child(const struct route_table *t, const int *p)
{
	const size_t	 size = EXEC_STUB_HDR + EXEC_ENV_MAX + 1;
	char		*msg = NULL;
	char		*envp[EXEC_ENV_VARS + 4], file[PATH_MAX];
	char		 pathvar[PATH_MAX + 8];
	const char	*path = exec_path_program_path();
	struct sigaction sa;
	sigset_t	 none;
	size_t		 route;
	ssize_t		 len;
	int		 fd[5], i, n, err = EINVAL;
	bool		 pty;

	/* --pty: a session of its own, so that the terminal it opens
	 * becomes its controlling one (setsid() fails in a group leader:
	 * the parent does not make it one either). */
	if (cfg.pty_any)
		(void)setsid();
	else
		(void)setpgid(0, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	for (i = 1; i < NSIG; i++)
		(void)sigaction(i, &sa, NULL);	/* SIGPIPE too; KILL fails */
	sigemptyset(&none);
	(void)sigprocmask(SIG_SETMASK, &none, NULL);

	/* Lift every end above 4 first: one of them may be 0 to 4.  Then
	 * 0-2 for the program, 3 and 4 close on exec; nothing else stays,
	 * the client's socket included. */
	for (i = 0; i < 5; i++)
		if ((fd[i] = fcntl(p[i], F_DUPFD_CLOEXEC, 5)) == -1)
			goto fail;
	for (i = 0; i < 3; i++)
		if (dup2(fd[i], i) == -1)	/* clears FD_CLOEXEC */
			goto fail;
	if (dup3(fd[3], 3, O_CLOEXEC) == -1 ||
	    dup3(fd[4], STUB_CTL, O_CLOEXEC) == -1)
		goto fail;
	if (close_range(5, ~0U, 0) == -1)
		for (i = 5; i < 65536; i++)
			(void)close(i);

	/* From the heap: only the pages the message fills are touched
	 * (a 64 KiB frame would be probed page by page on the stack). */
	if ((msg = malloc(size)) == NULL) {
		err = ENOMEM;
		goto fail;
	}
	if ((len = exec_stub_read(msg, size)) == 0)
		_exit(0);			/* not needed after all */
	err = E2BIG;
	if (len < 0)
		goto fail;
	if ((n = exec_stub_parse(msg, (size_t)len, t, &route, envp,
	    EXEC_ENV_VARS + 1)) < 0) {
		err = -n;
		goto fail;
	}
	n += exec_env_passenv_own(envp + n, EXEC_ENV_VARS + 1 - (size_t)n);
	if ((size_t)snprintf(pathvar, sizeof(pathvar), "PATH=%s", path) >=
	    sizeof(pathvar)) {
		err = ENAMETOOLONG;
		goto fail;
	}
	envp[n++] = pathvar;
	/* --pty: the page speaks UTF-8, and so should the programs. */
	pty = t->r[route].pty;
	if (pty && !exec_stub_has(envp, (size_t)n, "TERM="))
		envp[n++] = (char *)PTY_TERM;
	if (pty && !exec_stub_has(envp, (size_t)n, "LANG=") &&
	    !exec_stub_has(envp, (size_t)n, "LC_ALL="))
		envp[n++] = (char *)PTY_LANG;
	envp[n] = NULL;
	if ((err = exec_path_resolve(t->r[route].target.argv[0], path, file,
	    sizeof(file))) != 0)
		goto fail;
	/* The terminal last: a program that is not there allocates none. */
	if (pty && (err = pty_stub_open(3)) != 0) {
		err |= PTY_ERR;
		goto fail;
	}
	execve(file, t->r[route].target.argv, envp);
	err = errno;
fail:
	if (write(3, &err, sizeof(err)) < 0)
		_exit(126);
	_exit(127);
}

static void
exec_stub_pipes_close(int (*p)[2], size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (p[i][0] != -1)
			close(p[i][0]);
		if (p[i][1] != -1)
			close(p[i][1]);
		p[i][0] = p[i][1] = -1;
	}
}

/*
 * Before the request filter, when an exec: target is configured: fork the
 * stub, keeping our ends of its pipes in c->stub.  Returns 0, or -1 after
 * logging why (the connection cannot be served as configured).
 */
int
exec_stub_fork(struct conn *c)
{
	struct exec_stub *s = &c->stub;
	int		 p[5][2], child[5], i;
	pid_t		 pid;

	exec_stub_init(s);
	if (!exec_stub_needed(&cfg.routes))
		return 0;
	for (i = 0; i < 5; i++)
		p[i][0] = p[i][1] = -1;
	for (i = 0; i < 5; i++)
		/* --pty: the status pipe is a socket, for the master. */
		if (((i == 3 && cfg.pty_any) ? socketpair(AF_UNIX,
		    SOCK_SEQPACKET | SOCK_CLOEXEC, 0, p[i]) :
		    pipe2(p[i], O_CLOEXEC)) == -1) {
			log_warn("%s: exec: pipe", c->peer);
			exec_stub_pipes_close(p, 5);
			return -1;
		}
	/* A launcher may have left SIGCHLD ignored, which would reap the
	 * program behind our back and lose its status. */
	(void)signal(SIGCHLD, SIG_DFL);
	/* Child ends: stdin's read end, stdout's and stderr's write ends,
	 * the status pipe's write end, the request pipe's read end. */
	child[0] = p[0][0];
	child[1] = p[1][1];
	child[2] = p[2][1];
	child[3] = p[3][1];
	child[4] = p[4][0];
	if ((pid = fork()) == -1) {
		log_warn("%s: exec: fork", c->peer);
		exec_stub_pipes_close(p, 5);
		return -1;
	}
	if (pid == 0)
		exec_stub_child(&cfg.routes, child);
	if (!cfg.pty_any)
		(void)setpgid(pid, pid);	/* as the child does: no race */
	s->pid = pid;
	s->in = p[0][1];
	s->out = p[1][0];
	s->err = p[2][0];
	s->st = p[3][0];
	s->ctl = p[4][1];
	for (i = 0; i < 5; i++)
		close(child[i]);
	s->pidfd = pidfd_open(pid, 0);	/* -1: the relay polls instead */
	if (s->pidfd != -1)
		(void)fcntl(s->pidfd, F_SETFD, FD_CLOEXEC);
	if (io_nonblock(s->in) < 0 || io_nonblock(s->out) < 0 ||
	    io_nonblock(s->err) < 0 || io_nonblock(s->st) < 0 ||
	    io_nonblock(s->ctl) < 0) {
		log_warn("%s: exec: O_NONBLOCK", c->peer);
		exec_stub_close(s);
		return -1;
	}
	return 0;
}

/*
 * Ask the stub to run route's program with env, before deadline; the
 * request pipe is closed either way.  0, or -errno (-ETIMEDOUT, -EPIPE
 * when the stub is gone).
 */
int
exec_stub_send(struct exec_stub *s, size_t route, const struct exec_env *env,
    int64_t deadline)
{
	unsigned char	 hdr[EXEC_STUB_HDR];
	const char	*p;
	size_t		 i, len, done;
	ssize_t		 n;
	int		 part, r = 0;

	for (i = 0; i < EXEC_STUB_HDR; i++)
		hdr[i] = (unsigned char)(route >> (8 * i));
	for (part = 0; part < 2 && r == 0; part++) {
		p = part == 0 ? (const char *)hdr : env->buf;
		len = part == 0 ? sizeof(hdr) : env->used;
		for (done = 0; done < len && r == 0;) {
			if ((n = write(s->ctl, p + done, len - done)) > 0)
				done += (size_t)n;
			else if (n < 0 && errno == EAGAIN)
				r = io_wait(s->ctl, POLLOUT, deadline);
			else if (n < 0 && errno != EINTR)
				r = -errno;
		}
	}
	close(s->ctl);
	s->ctl = -1;
	return r;
}

/*
 * Close what is left of the stub: every end we still hold, and the stub
 * itself if it is still ours to end (SIGKILL, then reaped: it only ever
 * waits in read(), so the wait is short).  Safe on a stub never forked
 * or handed over to the target (pid 0).
 */
void
exec_stub_close(struct exec_stub *s)
{
	int	*fds[] = { &s->ctl, &s->in, &s->out, &s->err, &s->st,
		    &s->pidfd };
	size_t	 i;

	for (i = 0; i < sizeof(fds) / sizeof(fds[0]); i++)
		if (*fds[i] != -1) {
			close(*fds[i]);
			*fds[i] = -1;
		}
	if (s->pid > 0) {
		(void)kill(s->pid, SIGKILL);
		while (waitpid(s->pid, NULL, 0) == -1 && errno == EINTR)
			continue;
	}
	s->pid = 0;
}
