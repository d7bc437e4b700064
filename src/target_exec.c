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
 * CGI-style environment of exec_env.c.  It is the stub that exec_stub.c
 * forked before the request's seccomp filter was installed, so no filter
 * of ours applies to it; here it is told to execve().
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "exec_child.h"
#include "exec_env.h"
#include "exec_path.h"
#include "exec_stub.h"
#include "io.h"
#include "log.h"
#include "pty.h"
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
		/* SIGTERM here is answered once the program started. */
		if ((r = io_wait(fd, POLLIN, deadline)) < 0 && r != -ECANCELED)
			return r == -ETIMEDOUT ? -ETIMEDOUT : -r;
	}
}

/*
 * --pty: the stub sends the terminal's master before execve(); it is the
 * program's stdin and stdout from now on (t->fd == t->wfd), its stderr
 * goes to the terminal too, so the pipes are closed.  Returns as
 * target_exec_status() does.
 */
static int
target_exec_pty(struct target *t, int st, int64_t deadline)
{
	int	 master, err;

	if ((err = pty_receive(st, deadline, &master)) != 0)
		return err;
	if (io_nonblock(master) < 0) {
		err = errno;
		close(master);
		return err;
	}
	close(t->wfd);
	close(t->fd);
	if (t->efd != -1)
		close(t->efd);
	t->fd = t->wfd = master;
	t->efd = -1;
	t->pty = true;
	return 0;
}

int
target_exec_open(struct conn *c, int64_t deadline)
{
	struct target	*t = &c->target;
	struct exec_stub *s = &c->stub;
	struct exec_env	*env;
	char		 port[8];
	const char	*path = exec_path_program_path();
	int		 err, status = 502;

	t->wfd = t->efd = t->pidfd = -1;
	t->pid = t->pgid = 0;
	t->pty = false;
	if (s->pid <= 0 || c->route == NULL) {
		log_warnx("%s: exec %s: no process was forked for it before "
		    "the request was read, answered 502", c->peer, t->argv[0]);
		return 502;
	}
	if ((env = malloc(sizeof(*env))) == NULL) {
		log_warn("%s: exec %s: environment", c->peer, t->argv[0]);
		return 502;
	}
	target_exec_server_port(c->cli_in, port, sizeof(port));
	if (exec_env_build(env, c, path, port) != 0) {
		log_warnx("%s: exec %s: environment over %d bytes or %d "
		    "variables (EXEC_ENV_MAX), answered 502", c->peer,
		    t->argv[0], EXEC_ENV_MAX, EXEC_ENV_VARS);
		free(env);
		return 502;
	}
	/* The stub becomes the program: its ends are the target's now. */
	err = exec_stub_send(s, (size_t)(c->route - cfg.routes.r), env,
	    deadline);
	free(env);
	t->pid = t->pgid = s->pid;
	t->pidfd = s->pidfd;
	t->wfd = s->in;
	t->fd = s->out;
	t->efd = s->err;
	s->pid = 0;
	s->pidfd = s->in = s->out = s->err = -1;
	if (err == 0 && c->route->pty)
		err = target_exec_pty(t, s->st, deadline);
	else if (err == 0)
		err = target_exec_status(s->st, deadline);
	close(s->st);
	s->st = -1;
	if (err > 0 && (err & PTY_ERR)) {
		log_warnx("%s: exec %s: opening a pseudo-terminal for --pty "
		    "(/dev/ptmx, /dev/pts): %s, answered 502", c->peer,
		    t->argv[0], strerror(err & ~PTY_ERR));
		target_close(t);
		return 502;
	}
	if (err != 0) {
		if (err == -ETIMEDOUT) {
			log_warnx("%s: exec %s: not started within the "
			    "handshake timeout, answered 504", c->peer,
			    t->argv[0]);
			status = 504;
		} else if (err == ENOENT || err == EACCES || err == EISDIR ||
		    err == ENAMETOOLONG)
			log_warnx("%s: exec %s: %s, answered 502", c->peer,
			    t->argv[0], exec_path_why(err, t->argv[0], path));
		else
			log_warnx("%s: exec %s: %s, answered 502", c->peer,
			    t->argv[0], strerror(err < 0 ? -err : err));
		target_close(t);		/* kills and reaps it */
		return status;
	}
	log_info("%s: exec %s: started, pid %d", c->peer, t->argv[0],
	    t->pid);
	return 0;
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
