/*
 * target_exec.c: exec:PROGRAM [ARG...] (websocketd's model).  The program
 * is started before the 101, so one that cannot run gets 502: the child
 * reports a failed execve() through a close-on-exec status pipe, and EOF
 * on that pipe means the program is running.
 *
 * Its stdin and stdout are pipes the relay pumps independently, its stderr
 * a third pipe whose lines the relay logs (fd 2 may be the inetd socket:
 * it is never handed down).  The child gets its own process group (so the
 * relay's SIGTERM and SIGKILL reach what it started), default signal
 * dispositions and an empty mask, no descriptor but 0, 1 and 2, and the
 * CGI-style environment of exec_env.c.  It is forked before the relay's
 * seccomp filter is installed, so the filter never applies to it.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/pidfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "exec_child.h"
#include "exec_env.h"
#include "io.h"
#include "log.h"
#include "target.h"
#include "wsinetd.h"

/* The port the client reached, from our end of its socket, or "". */
static void
target_exec_server_port(int fd, char *out, size_t outsize)
{
	struct sockaddr_storage ss;
	socklen_t	 len = sizeof(ss);

	out[0] = '\0';
	if (getsockname(fd, (struct sockaddr *)&ss, &len) == -1)
		return;
	if (ss.ss_family == AF_INET)
		snprintf(out, outsize, "%u",
		    ntohs(((struct sockaddr_in *)&ss)->sin_port));
	else if (ss.ss_family == AF_INET6)
		snprintf(out, outsize, "%u",
		    ntohs(((struct sockaddr_in6 *)&ss)->sin6_port));
}

/*
 * In the child, between vfork() and execve(): async-signal-safe calls
 * only, nothing written but its own stack and the kernel's state (the
 * parent's memory is shared until execve), and it never returns.  file is
 * the program's path, resolved by the parent; p[0..2] are the child's ends
 * of the stdin, stdout and stderr pipes, p[3] the status pipe's write end.
 */
static void __attribute__((noreturn))
target_exec_child(const char *file, char **argv, char **envp, const int *p)
{
	struct sigaction sa;
	sigset_t	 none;
	int		 fd[4], i, err;

	(void)setpgid(0, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	for (i = 1; i < NSIG; i++)
		(void)sigaction(i, &sa, NULL);	/* SIGPIPE too; KILL fails */
	sigemptyset(&none);
	(void)sigprocmask(SIG_SETMASK, &none, NULL);

	/* Lift every end above 2 first: one of them may be 0, 1 or 2. */
	for (i = 0; i < 4; i++)
		if ((fd[i] = fcntl(p[i], F_DUPFD_CLOEXEC, 3)) == -1)
			goto fail;
	for (i = 0; i < 3; i++)
		if (dup2(fd[i], i) == -1)	/* clears FD_CLOEXEC */
			goto fail;
	if (fd[3] != 3 && dup3(fd[3], 3, O_CLOEXEC) == -1)
		goto fail;
	if (close_range(4, ~0U, 0) == -1)
		for (i = 4; i < 65536; i++)
			(void)close(i);
	execve(file, argv, envp);
fail:
	err = errno;
	if (write(3, &err, sizeof(err)) < 0)
		_exit(126);
	_exit(127);
}

/*
 * PROGRAM to the path execve() gets, as execvp() would search: as given
 * when it has a '/', else the first executable PATH entry.  0, or the
 * errno a failed execvp() would report (ENOENT, EACCES, ENAMETOOLONG).
 * Done in the parent, so the vfork()ed child only calls execve().
 */
static int
target_exec_resolve(const char *prog, const char *path, char *out,
    size_t outsize)
{
	const char	*dir, *end;
	int		 n, err = ENOENT;

	if (strchr(prog, '/') != NULL) {
		n = snprintf(out, outsize, "%s", prog);
		return n < 0 || (size_t)n >= outsize ? ENAMETOOLONG : 0;
	}
	for (dir = path; ; dir = end + 1) {
		end = dir + strcspn(dir, ":");
		/* An empty entry is the current directory, as for execvp. */
		n = snprintf(out, outsize, "%.*s%s%s", (int)(end - dir), dir,
		    end > dir ? "/" : "", prog);
		if (n >= 0 && (size_t)n < outsize) {
			if (access(out, X_OK) == 0)
				return 0;
			if (errno == EACCES)
				err = EACCES;
		}
		if (*end == '\0')
			return err;
	}
}

/*
 * Start the child: vfork() copies none of our page tables (fork+exec+wait
 * 2.7 -> 1.8 ms on the benchmark's VM), and we are suspended only until
 * its execve() or _exit().  Its own function, so no caller's variable
 * lives across the two returns.  The child's pid, or -1.
 */
static pid_t
target_exec_spawn(const char *file, char **argv, char **envp, const int *p)
{
	pid_t	 pid = vfork();

	if (pid == 0)
		target_exec_child(file, argv, envp, p);
	return pid;
}

/* Close a pipe's two ends if open. */
static void
target_exec_pipe_close(int *p)
{
	if (p[0] != -1)
		close(p[0]);
	if (p[1] != -1)
		close(p[1]);
	p[0] = p[1] = -1;
}

/*
 * Wait for the status pipe: 0 when execve() succeeded (EOF), else the
 * child's errno, or -ETIMEDOUT when deadline passed first.
 */
static int
target_exec_status(int fd, int64_t deadline)
{
	int	 err = 0, r;
	ssize_t	 n;

	for (;;) {
		n = read(fd, &err, sizeof(err));
		if (n == 0)
			return 0;
		if (n == (ssize_t)sizeof(err))
			return err ? err : EIO;
		if (n > 0)
			return EIO;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN)
			return errno;
		if ((r = io_wait(fd, POLLIN, deadline)) < 0)
			return r == -ETIMEDOUT ? -ETIMEDOUT : -r;
	}
}

int
target_exec_open(struct conn *c, int64_t deadline)
{
	struct target	*t = &c->target;
	struct exec_env	*env;
	char		 port[8], file[PATH_MAX];
	const char	*path = getenv("PATH");
	int		 pin[2] = { -1, -1 }, pout[2] = { -1, -1 };
	int		 perr[2] = { -1, -1 }, pst[2] = { -1, -1 };
	int		 child[4], err, status = 502;
	pid_t		 pid;

	t->wfd = t->efd = t->pidfd = -1;
	t->pid = t->pgid = 0;
	if ((env = malloc(sizeof(*env))) == NULL) {
		log_warn("%s: exec %s: environment", c->peer, t->argv[0]);
		return 502;
	}
	target_exec_server_port(c->cli_in, port, sizeof(port));
	if (exec_env_build(env, c, getenv("PATH"), port) != 0) {
		log_warnx("%s: exec %s: environment over %d bytes or %d "
		    "variables (EXEC_ENV_MAX), answered 502", c->peer,
		    t->argv[0], EXEC_ENV_MAX, EXEC_ENV_VARS);
		free(env);
		return 502;
	}
	if ((err = target_exec_resolve(t->argv[0], path ? path :
	    EXEC_DEFAULT_PATH, file, sizeof(file))) != 0) {
		log_warnx("%s: exec %s: %s, answered 502 (PATH is %s)",
		    c->peer, t->argv[0], strerror(err), path ? path :
		    EXEC_DEFAULT_PATH);
		free(env);
		return 502;
	}
	if (pipe2(pin, O_CLOEXEC) == -1 || pipe2(pout, O_CLOEXEC) == -1 ||
	    pipe2(perr, O_CLOEXEC) == -1 || pipe2(pst, O_CLOEXEC) == -1) {
		log_warn("%s: exec %s: pipe, answered 502", c->peer,
		    t->argv[0]);
		goto out;
	}
	/* A launcher may have left SIGCHLD ignored, which would reap the
	 * program behind our back and lose its status. */
	(void)signal(SIGCHLD, SIG_DFL);
	child[0] = pin[0];
	child[1] = pout[1];
	child[2] = perr[1];
	child[3] = pst[1];
	if ((pid = target_exec_spawn(file, t->argv, env->vars, child)) == -1) {
		log_warn("%s: exec %s: vfork, answered 502", c->peer,
		    t->argv[0]);
		goto out;
	}
	(void)setpgid(pid, pid);	/* as the child does: no race */
	t->pid = t->pgid = pid;
	t->pidfd = pidfd_open(pid, 0);	/* -1: the relay polls instead */
	if (t->pidfd != -1)
		(void)fcntl(t->pidfd, F_SETFD, FD_CLOEXEC);
	close(pin[0]);
	close(pout[1]);
	close(perr[1]);
	close(pst[1]);
	pin[0] = pout[1] = perr[1] = pst[1] = -1;
	t->wfd = pin[1];
	t->fd = pout[0];
	t->efd = perr[0];
	pin[1] = pout[0] = perr[0] = -1;
	if (io_nonblock(pst[0]) < 0 || io_nonblock(t->wfd) < 0 ||
	    io_nonblock(t->fd) < 0 || io_nonblock(t->efd) < 0) {
		log_warn("%s: exec %s: O_NONBLOCK, answered 502", c->peer,
		    t->argv[0]);
		target_close(t);
		goto out;
	}
	if ((err = target_exec_status(pst[0], deadline)) != 0) {
		if (err == -ETIMEDOUT) {
			log_warnx("%s: exec %s: not started within the "
			    "handshake timeout, answered 504", c->peer,
			    t->argv[0]);
			status = 504;
		} else
			log_warnx("%s: exec %s: %s, answered 502", c->peer,
			    t->argv[0], strerror(err));
		target_close(t);		/* kills and reaps it */
		goto out;
	}
	log_info("%s: exec %s: started, pid %d", c->peer, t->argv[0],
	    (int)pid);
	status = 0;
out:
	target_exec_pipe_close(pin);
	target_exec_pipe_close(pout);
	target_exec_pipe_close(perr);
	target_exec_pipe_close(pst);
	free(env);
	return status;
}

/*
 * Close what is left of the program: its pipes, and the program itself
 * if it has not been reaped (SIGKILL to its group, then a wait bounded by
 * EXEC_REAP_MS).  Safe on a target that was never opened.
 */
void
target_exec_close(struct target *t)
{
	if (t->pgid <= 0)
		return;
	if (t->wfd != -1 && t->wfd != t->fd)
		close(t->wfd);
	t->wfd = -1;
	if (t->efd != -1)
		close(t->efd);
	t->efd = -1;
	if (t->pid > 0) {
		(void)kill(-t->pgid, SIGKILL);
		exec_child_wait(t, now_ms() + EXEC_REAP_MS);
	}
	if (t->pidfd != -1)
		close(t->pidfd);
	t->pidfd = -1;
	t->pgid = 0;
}
