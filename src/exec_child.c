/*
 * exec_child.c: what the relay does about an exec: program besides moving
 * its stdin and stdout: log its stderr line by line ("PEER: exec PROG:
 * LINE", control characters shown as '?', lines over EXEC_LINE_MAX in
 * pieces, an unfinished last line at EOF), reap it, and end it.
 *
 * Ending is websocketd's model: once the relay is done with the program
 * (the client closed or left, or the program's stdout ended) its stdin is
 * closed; cfg.exec_term_ms later its process group gets SIGTERM, and
 * cfg.exec_kill_ms after that SIGKILL.  After EXEC_REAP_MS more it is left
 * to init with a log line: no wait here is without a deadline.  Runs under
 * the relay's seccomp filter: read, close, kill, wait4 and poll only.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "exec_child.h"
#include "log.h"
#include "target.h"
#include "wsinetd.h"

#define EXEC_STDERR_READS	64	/* reads per drain at the end */

/* Reap the program if it has exited: true with *status set. */
bool
exec_child_reap(struct target *t, int *status)
{
	pid_t	 r;

	if (t->pid <= 0)
		return false;
	do
		r = waitpid(t->pid, status, WNOHANG);
	while (r == -1 && errno == EINTR);
	if (r == 0)
		return false;
	if (r == -1)
		*status = 0;		/* ECHILD: someone else reaped it */
	t->pid = 0;
	if (t->pidfd != -1) {
		close(t->pidfd);
		t->pidfd = -1;
	}
	return true;
}

/* Wait until deadline for the program to exit, reaping it if it does. */
void
exec_child_wait(struct target *t, int64_t deadline)
{
	struct pollfd	 pfd;
	int		 status, ms;

	while (!exec_child_reap(t, &status)) {
		if ((ms = (int)(deadline - now_ms())) <= 0)
			return;
		pfd.fd = t->pidfd;
		pfd.events = POLLIN;
		if (t->pidfd == -1 && ms > EXEC_POLL_MS)
			ms = EXEC_POLL_MS;
		(void)poll(&pfd, t->pidfd == -1 ? 0 : 1, ms);
	}
}

/* "exited with status 3", "killed by signal 15 (SIGTERM)". */
void
exec_child_describe(int status, char *out, size_t outsize)
{
	const char	*name;

	if (WIFEXITED(status))
		snprintf(out, outsize, "exited with status %d",
		    WEXITSTATUS(status));
	else if (WIFSIGNALED(status)) {
		name = sigabbrev_np(WTERMSIG(status));
		snprintf(out, outsize, "killed by signal %d (SIG%s)",
		    WTERMSIG(status), name ? name : "?");
	} else
		snprintf(out, outsize, "ended with wait status %#x", status);
}

/* Log the line held in x (n bytes), control characters as '?'. */
static void
exec_child_log_line(struct conn *c, struct exec_child *x, size_t n)
{
	size_t	 i;

	if (n > 0 && x->line[n - 1] == '\r')
		n--;
	for (i = 0; i < n; i++)
		if (((unsigned char)x->line[i] < 0x20 && x->line[i] != '\t') ||
		    x->line[i] == 0x7f)
			x->line[i] = '?';
	x->line[n] = '\0';
	log_warnx("%s: exec %s: %s", c->peer, c->target.argv[0], x->line);
}

/* Take b[0..n) of stderr: log every complete line, keep the rest. */
static void
exec_child_lines(struct conn *c, struct exec_child *x, const char *b,
    size_t n)
{
	const char	*nl;
	size_t		 take;

	while (n > 0) {
		nl = memchr(b, '\n', n);
		take = nl ? (size_t)(nl - b) : n;
		if (take > EXEC_LINE_MAX - x->nline)
			take = EXEC_LINE_MAX - x->nline;
		memcpy(x->line + x->nline, b, take);
		x->nline += take;
		b += take;
		n -= take;
		if (n > 0 && *b == '\n') {
			b++;
			n--;
		} else if (x->nline < EXEC_LINE_MAX)
			continue;		/* the line goes on */
		exec_child_log_line(c, x, x->nline);
		x->nline = 0;
	}
}

/*
 * Read the program's stderr: once (drain false: one poll event), or until
 * it would block (drain true: at the end).  At EOF the unfinished line is
 * logged and the pipe closed.
 */
void
exec_child_stderr(struct conn *c, struct exec_child *x, bool drain)
{
	struct target	*t = &c->target;
	char		 b[4096];
	ssize_t		 n;
	int		 reads = 0, err;

	while (t->efd != -1) {
		n = read(t->efd, b, sizeof(b));
		err = n < 0 ? errno : 0;
		if (n > 0) {
			exec_child_lines(c, x, b, (size_t)n);
			if (!drain || ++reads >= EXEC_STDERR_READS)
				return;
			continue;
		}
		if (err == EINTR)
			continue;
		if (err == EAGAIN && !drain)
			return;
		if (n < 0 && err != EAGAIN)
			log_warnx("%s: exec %s: reading its stderr: %s",
			    c->peer, t->argv[0], strerror(err));
		if (x->nline > 0)		/* EOF, or the end: flush */
			exec_child_log_line(c, x, x->nline);
		x->nline = 0;
		if (err != EAGAIN) {
			close(t->efd);
			t->efd = -1;
		}
		return;
	}
}

/* Signal the program's process group, with a line for -v. */
static void
exec_child_signal(struct conn *c, struct exec_child *x, int sig, int64_t now,
    int after)
{
	struct target	*t = &c->target;

	if (kill(-t->pgid, sig) == -1 && errno != ESRCH)
		log_warn("%s: exec %s: kill(-%d, %d)", c->peer, t->argv[0],
		    t->pgid, sig);
	log_info("%s: exec %s: still running %d ms after %s; SIG%s sent to "
	    "its process group", c->peer, t->argv[0], after,
	    sig == SIGTERM ? "its stdin was closed" : "SIGTERM",
	    sig == SIGTERM ? "TERM" : "KILL");
	x->sent = sig;
	x->sent_at = now;
}

/*
 * The grace periods, once x->end_at is set: out_eof says whether the
 * program's stdout has ended (a program that exited may leave children
 * holding it; the group's signals reach them).  Returns the next deadline
 * (0 = none).
 */
int64_t
exec_child_timers(struct conn *c, struct exec_child *x, bool out_eof,
    int64_t now)
{
	struct target	*t = &c->target;
	int64_t		 at = 0, tick = 0;

	if (!x->exited && t->pidfd == -1 && t->pid > 0)
		tick = now + EXEC_POLL_MS;	/* no pidfd: ask wait4 */
	if (x->end_at == 0 || x->gave_up || (x->exited && out_eof))
		return tick;
	switch (x->sent) {
	case 0:
		at = x->end_at + cfg.exec_term_ms;
		if (now >= at) {
			exec_child_signal(c, x, SIGTERM, now, cfg.exec_term_ms);
			at = now + cfg.exec_kill_ms;
		}
		break;
	case SIGTERM:
		at = x->sent_at + cfg.exec_kill_ms;
		if (now >= at) {
			exec_child_signal(c, x, SIGKILL, now, cfg.exec_kill_ms);
			at = now + EXEC_REAP_MS;
		}
		break;
	default:
		at = x->sent_at + EXEC_REAP_MS;
		if (now >= at) {
			log_warnx("%s: exec %s: %s %d ms after SIGKILL; left "
			    "behind", c->peer, t->argv[0], x->exited ?
			    "its stdout still open" : "still running",
			    EXEC_REAP_MS);
			x->gave_up = true;
			return now;	/* the relay decides at once */
		}
		break;
	}
	return tick && tick < at ? tick : at;
}
