/*
 * resident.c: the resident parent of --listen and of listening sockets
 * passed by systemd (Accept=no) or inetd (wait).  It never reads a client
 * byte; each connection is one child process that returns from
 * resident_run() with the connection in c and goes on exactly as an
 * Accept=yes process would (privileges dropped, seccomp, one access
 * line), then ends with _exit.
 *
 * --prefork N (DEFAULT_PREFORK) keeps N idle children blocked in accept()
 * on the shared sockets (resident_child.c); a child that gets a
 * connection writes its pid to a pipe and the parent forks a replacement.
 * --prefork 0 accepts here and forks per connection.  Either way at most
 * --max-connections children exist, so at the cap nobody accepts and the
 * kernel's backlog holds new connections until a handler exits (logged
 * once per episode).  The parent also reaps, backs off a persistent
 * accept() or fork() error (RESIDENT_BACKOFF_MS, one line each), passes
 * SIGTERM and SIGINT on to every child and waits for them within a bound,
 * logs and ignores SIGHUP, SIGUSR1, SIGUSR2 and SIGALRM (no reload), logs a
 * handler killed by a signal, and reports to systemd through notify.c.  Signals arrive on a signalfd:
 * no handler, no global.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define RESIDENT_LSAN	1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RESIDENT_LSAN	1
#endif
#endif
#ifdef RESIDENT_LSAN
#include <sanitizer/lsan_interface.h>
#endif

#include "auth_slot.h"
#include "log.h"
#include "preflight.h"
#include "notify.h"
#include "privdrop.h"
#include "resident.h"
#include "resident_int.h"
#include "tls.h"
#include "wsinetd.h"

/*
 * A child's end, after its access line: _exit, so that no library
 * destructor runs (GnuTLS's, preloaded in the parent, would touch and
 * copy 77 pages for nothing).  The sanitizer build still checks for leaks.
 */
void
resident_child_exit(int status)
{
	fflush(NULL);
#ifdef RESIDENT_LSAN
	__lsan_do_leak_check();
#endif
	_exit(status);
}

static struct kid *
resident_kid(struct resident *r, pid_t pid)
{
	unsigned	 i;

	for (i = 0; i < r->nkids; i++)
		if (r->kids[i].pid == pid)
			return &r->kids[i];
	return NULL;
}

/* A STATUS= for systemctl status, at most one per RESIDENT_STATUS_MS. */
static void
resident_status_changed(struct resident *r)
{
	int64_t	 at;

	if (r->notify < 0 || r->status_at != 0)
		return;
	at = r->status_last + RESIDENT_STATUS_MS;
	r->status_at = at > now_ms() ? at : now_ms();
}

static void
resident_status(struct resident *r, const char *first)
{
	notify_send(r->notify, "%sSTATUS=%s%u connection%s open, %llu served%s",
	    first, r->stopping ? "stopping: " : "", r->busy,
	    r->busy == 1 ? "" : "s", (unsigned long long)r->served,
	    r->capped ? " (at --max-connections)" : "");
	r->status_last = now_ms();
	r->status_at = 0;
}

static void
resident_add(struct resident *r, pid_t pid, enum kid_state st)
{
	r->kids[r->nkids].pid = pid;
	r->kids[r->nkids].state = st;
	r->nkids++;
	if (st == KID_IDLE)
		r->idle++;
	else
		r->busy++;
	resident_status_changed(r);
}

/* Children that wrote "accepted": now busy (and replaced, if idle ran low). */
static void
resident_drain(struct resident *r)
{
	pid_t		 pids[256];
	struct kid	*k;
	ssize_t		 n, i;

	if (r->busy_r < 0)
		return;
	while ((n = read(r->busy_r, pids, sizeof(pids))) > 0) {
		for (i = 0; i < n / (ssize_t)sizeof(pids[0]); i++) {
			if ((k = resident_kid(r, pids[i])) == NULL ||
			    k->state != KID_IDLE)
				continue;
			k->state = KID_BUSY;
			r->idle--;
			r->busy++;
		}
		resident_status_changed(r);
	}
}

/* How a child ended, for a log line. */
static void
resident_how(int st, char *out, size_t len)
{
	if (WIFEXITED(st))
		snprintf(out, len, "exited with status %d", WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		snprintf(out, len, "was killed by signal %d (%s)", WTERMSIG(st),
		    strsignal(WTERMSIG(st)));
	else
		snprintf(out, len, "ended");
}

/*
 * An idle child died (killed, or its accept() found the socket broken):
 * fork its replacement only after a back-off, so a cause that persists
 * costs one line and one fork per RESIDENT_BACKOFF_MS, not a spin.
 */
static void
resident_idle_death(struct resident *r, pid_t pid, int st)
{
	char	 how[96];

	if (r->stopping || now_ms() < r->spawn_at)
		return;
	resident_how(st, how, sizeof(how));
	log_warnx("child %ld %s while waiting for a connection; forking "
	    "another in %d ms", (long)pid, how, RESIDENT_BACKOFF_MS);
	r->spawn_at = now_ms() + RESIDENT_BACKOFF_MS;
}

/*
 * A handler killed by a signal wrote no access line: say so, with its pid
 * (the wsinetd[PID] of its own lines, which name the peer).  An exit with
 * a status is the handler's own, already logged.
 */
static void
resident_busy_death(pid_t pid, int st)
{
	char	 how[96];

	if (!WIFSIGNALED(st))
		return;
	resident_how(st, how, sizeof(how));
	log_warnx("child %ld %s%s during its connection", (long)pid, how,
	    WCOREDUMP(st) ? ", core dumped" : "");
}

static void
resident_reap(struct resident *r)
{
	struct kid	*k;
	pid_t		 pid;
	int		 st;

	while ((pid = waitpid(-1, &st, WNOHANG)) > 0) {
		if ((k = resident_kid(r, pid)) == NULL)
			continue;
		/* Its "accepted" was written before it exited: read it. */
		if (k->state == KID_IDLE)
			resident_drain(r);
		if (k->state == KID_BUSY) {
			r->busy--;
			r->served++;
			resident_busy_death(pid, st);
		} else {
			r->idle--;
			resident_idle_death(r, pid, st);
		}
		*k = r->kids[--r->nkids];
		resident_status_changed(r);
	}
}

/* How long the stop waits: a handler's close bound and exec: kill time. */
static int
resident_stop_ms(void)
{
	return CLOSE_WAIT_MS + cfg.exec_term_ms + cfg.exec_kill_ms +
	    RESIDENT_STOP_SLACK_MS;
}

/*
 * Stop: accept nothing more (the --listen socket and its file go now),
 * pass sig on to every child, and wait for them (resident_turn exits when
 * the last is reaped, or kills the rest at stop_at).  Idle children die
 * of the signal; busy ones end their connection as a handler does.
 */
static void
resident_stop(struct resident *r, int sig, const char *why)
{
	unsigned	 i;

	if (r->stopping)
		return;
	r->stopping = true;
	r->stop_at = now_ms() + resident_stop_ms();
	for (i = 0; i < (unsigned)r->n; i++)
		if (r->fds[i] != r->lst.fd)
			close(r->fds[i]);
	r->n = 0;
	listen_release(&r->lst);
	for (i = 0; i < r->nkids; i++)
		(void)kill(r->kids[i].pid, sig);
	log_warnx("%s: stopping; waiting up to %d ms for %u connection%s",
	    why, resident_stop_ms(), r->busy, r->busy == 1 ? "" : "s");
	notify_send(r->notify, "STOPPING=1");
	resident_status(r, "");
}

static void __attribute__((noreturn))
resident_exit(struct resident *r)
{
	unsigned	 i;
	int		 st;

	if (r->nkids > 0) {
		log_warnx("%u connection%s still open after %d ms: killed",
		    r->busy, r->busy == 1 ? "" : "s", resident_stop_ms());
		for (i = 0; i < r->nkids; i++)
			(void)kill(r->kids[i].pid, SIGKILL);
		for (i = 0; i < r->nkids; i++)
			(void)waitpid(r->kids[i].pid, &st, 0);
	}
	free(r->kids);
	exit(r->exit_status);
}

static void
resident_signals(struct resident *r)
{
	struct signalfd_siginfo si;

	while (read(r->sigfd, &si, sizeof(si)) == sizeof(si)) {
		if (si.ssi_signo == SIGTERM || si.ssi_signo == SIGINT)
			resident_stop(r, (int)si.ssi_signo,
			    strsignal((int)si.ssi_signo));
		else if (si.ssi_signo == SIGHUP)
			log_warnx("SIGHUP from pid %u ignored: the "
			    "configuration is read only at start; restart "
			    "wsinetd to apply a new one (connections open "
			    "now are not cut)", (unsigned)si.ssi_pid);
		else if (si.ssi_signo != SIGCHLD)
			log_warnx("signal %u (%s) from pid %u ignored: only "
			    "SIGTERM and SIGINT stop wsinetd",
			    (unsigned)si.ssi_signo,
			    strsignal((int)si.ssi_signo),
			    (unsigned)si.ssi_pid);
	}
	resident_reap(r);
}

/* Fork idle children up to --prefork; true in a child with a connection. */
static bool
resident_spawn(struct resident *r, struct conn *c)
{
	pid_t	 pid;

	while (r->idle < cfg.prefork && r->nkids < cfg.max_connections &&
	    now_ms() >= r->spawn_at) {
		if ((pid = fork()) == -1) {
			log_warn("fork: trying again in %d ms",
			    RESIDENT_BACKOFF_MS);
			r->spawn_at = now_ms() + RESIDENT_BACKOFF_MS;
			return false;
		}
		if (pid == 0) {
			resident_child(r, c);
			return true;
		}
		resident_add(r, pid, KID_IDLE);
	}
	return false;
}

/* --prefork 0: accept on fds[i] and fork; true in the child. */
static bool
resident_accept(struct resident *r, struct conn *c, int i)
{
	struct sockaddr_storage ss;
	socklen_t	 len = sizeof(ss);
	pid_t		 pid;
	int		 cfd;

	cfd = accept4(r->fds[i], (struct sockaddr *)&ss, &len, SOCK_CLOEXEC);
	if (cfd == -1) {
		switch (resident_accept_error(errno)) {
		case RESIDENT_AGAIN:
			break;
		case RESIDENT_BACKOFF:
			log_warn("accept: trying again in %d ms",
			    RESIDENT_BACKOFF_MS);
			r->accept_at = now_ms() + RESIDENT_BACKOFF_MS;
			break;
		case RESIDENT_BROKEN:
			log_warn("accept on descriptor %d", r->fds[i]);
			r->exit_status = EXIT_FAIL;
			resident_stop(r, SIGTERM, "cannot accept");
			break;
		}
		return false;
	}
	if ((pid = fork()) == -1) {
		log_warn("fork: closed a connection; accepting again in %d ms",
		    RESIDENT_BACKOFF_MS);
		close(cfd);
		r->accept_at = now_ms() + RESIDENT_BACKOFF_MS;
		return false;
	}
	if (pid == 0) {
		resident_child_forked(r, c, cfd, i, (struct sockaddr *)&ss, len);
		return true;
	}
	close(cfd);
	resident_add(r, pid, KID_BUSY);
	return false;
}

/*
 * At --max-connections: say so when it is reached, and again only after
 * RESIDENT_CAP_LOG_MS (a server kept at the cap reaches it again at every
 * connection's end); STATUS= shows it meanwhile.
 */
static void
resident_cap(struct resident *r)
{
	bool	 at = r->busy >= cfg.max_connections;

	if (at && !r->capped && (r->cap_logged == 0 ||
	    now_ms() - r->cap_logged >= RESIDENT_CAP_LOG_MS)) {
		log_warnx("%u connections open, --max-connections %u: new "
		    "ones wait in the listen backlog until one ends",
		    r->busy, cfg.max_connections);
		r->cap_logged = now_ms();
	}
	if (at != r->capped) {
		r->capped = at;
		resident_status_changed(r);
	}
}

static int64_t
resident_min(int64_t a, int64_t b)
{
	return a == 0 || (b != 0 && b < a) ? b : a;
}

/* Due timers: STATUS=, WATCHDOG=1, the end of a stop.  Next one, or 0. */
static int64_t
resident_timers(struct resident *r)
{
	int64_t	 now = now_ms(), next = 0;

	if (r->stopping && (r->nkids == 0 || now >= r->stop_at))
		resident_exit(r);
	if (r->status_at != 0 && now >= r->status_at)
		resident_status(r, "");
	if (r->watchdog_ms != 0 && now >= r->watchdog_at) {
		notify_send(r->notify, "WATCHDOG=1");
		r->watchdog_at = now + r->watchdog_ms;
	}
	next = resident_min(next, r->status_at);
	next = resident_min(next, r->watchdog_ms ? r->watchdog_at : 0);
	next = resident_min(next, r->stopping ? r->stop_at : 0);
	if (r->spawn_at > now && r->idle < cfg.prefork)
		next = resident_min(next, r->spawn_at);
	if (r->accept_at > now && cfg.prefork == 0)
		next = resident_min(next, r->accept_at);
	return next;
}

/* One turn of the loop: true in a child that has its connection. */
static bool
resident_turn(struct resident *r, struct conn *c)
{
	struct pollfd	 pfd[2 + LISTEN_MAX];
	int64_t		 next;
	int		 np = 2, i, timeout = -1;

	if (!r->stopping && resident_spawn(r, c))
		return true;
	resident_cap(r);
	next = resident_timers(r);
	pfd[0].fd = r->sigfd;
	pfd[0].events = POLLIN;
	pfd[1].fd = r->busy_r;
	pfd[1].events = POLLIN;
	if (cfg.prefork == 0 && !r->capped && now_ms() >= r->accept_at)
		for (i = 0; i < r->n; i++) {
			pfd[np].fd = r->fds[i];
			pfd[np++].events = POLLIN;
		}
	if (next != 0)
		timeout = (int)(next > now_ms() ? next - now_ms() : 0);
	if (poll(pfd, (nfds_t)np, timeout) == -1) {
		if (errno == EINTR)
			return false;
		fatal(EXIT_FAIL, "poll");
	}
	if (pfd[1].revents)
		resident_drain(r);
	if (pfd[0].revents)
		resident_signals(r);
	for (i = 2; i < np && !r->stopping; i++)
		if (pfd[i].revents && resident_accept(r, c, i - 2))
			return true;
	return false;
}

/*
 * Blocking sockets for pre-forked children blocked in accept() on one
 * socket; non-blocking ones where readiness comes first (poll here,
 * epoll in children on several sockets), so that a connection another
 * process took, or one reset before accept(), cannot block us.
 */
static void
resident_sockets(struct resident *r)
{
	bool	 nonblock = cfg.prefork == 0 || r->n > 1;
	int	 i, fl;

	for (i = 0; i < r->n; i++) {
		if ((fl = fcntl(r->fds[i], F_GETFL)) == -1 ||
		    fcntl(r->fds[i], F_SETFL, nonblock ? fl | O_NONBLOCK :
		    fl & ~O_NONBLOCK) == -1)
			fatal(EXIT_FAIL, "listening socket %d: O_NONBLOCK",
			    r->fds[i]);
	}
}

/* $WATCHDOG_USEC for the relay's PID: ping at half the interval. */
static void
resident_watchdog(struct resident *r)
{
	uint64_t	 usec;

	if (r->notify >= 0 && notify_watchdog_parse(getenv("WATCHDOG_USEC"),
	    getenv("WATCHDOG_PID"), getppid(), &usec) == 0) {
		r->watchdog_ms = (int64_t)(usec / 2000);
		if (r->watchdog_ms == 0)
			r->watchdog_ms = 1;
	}
	unsetenv("WATCHDOG_USEC");
	unsetenv("WATCHDOG_PID");
}

static bool
resident_tls_possible(const struct resident *r)
{
	int	 i;

	for (i = 0; i < r->n; i++)
		if (r->tls[i])
			return true;
	return cfg.tls_mode == TLS_ON || cfg.tls_mode == TLS_AUTO ||
	    (cfg.tls_mode == TLS_DEFAULT && cfg.tls_certs_given);
}

/*
 * Idle children must die of a forwarded SIGTERM or SIGINT.  An ignored
 * one (a shell's background job ignores SIGINT) is made the default here:
 * the parent takes both from its signalfd whatever their disposition.  A
 * handler main() installed is set aside by each child while it waits.
 */
static void
resident_disposition(struct resident *r, int sig)
{
	struct sigaction sa;

	if (sigaction(sig, NULL, &sa) == -1)
		return;
	if (sa.sa_handler == SIG_IGN) {
		sa.sa_handler = SIG_DFL;
		sigaction(sig, &sa, NULL);
	} else if (sa.sa_handler != SIG_DFL)
		r->term_handled = true;
}

static void
resident_init(struct resident *r, const int *fds, const bool *tls, int n)
{
	sigset_t	 block;
	int		 i, p[2];

	memset(r, 0, sizeof(*r));
	r->lst.fd = r->busy_r = r->busy_w = -1;
	sigemptyset(&block);
	sigaddset(&block, SIGCHLD);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	/* Their default would end the parent with no stop and no line (a
	 * "reload" habit, a terminal's hang-up): taken and logged instead.
	 * Children get main()'s mask back (resident_child.c). */
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGUSR1);
	sigaddset(&block, SIGUSR2);
	sigaddset(&block, SIGALRM);
	sigprocmask(SIG_BLOCK, &block, &r->oldmask);
	resident_disposition(r, SIGTERM);
	resident_disposition(r, SIGINT);
	r->notify = notify_start(fds, n);	/* may fork: we are the child */
	r->self = getpid();
	if (n == 0) {
		listen_bind(cfg.listen, &r->lst);
		r->fds[r->n++] = r->lst.fd;
	}
	for (i = 0; i < n; i++) {
		r->fds[r->n] = fds[i];
		r->tls[r->n++] = tls != NULL && tls[i];
	}
	resident_watchdog(r);
	privdrop_prepare();			/* --user: NSS once, here */
	auth_slot_init();			/* --auth-checks: the locks */
	if (resident_tls_possible(r))
		tls_preload_lib();		/* children inherit GnuTLS */
	if ((r->kids = calloc(cfg.max_connections, sizeof(*r->kids))) == NULL)
		fatal(EXIT_FAIL, "allocating the table of children");
	if ((r->sigfd = signalfd(-1, &block, SFD_CLOEXEC | SFD_NONBLOCK)) ==
	    -1)
		fatal(EXIT_FAIL, "signalfd");
	if (cfg.prefork > 0) {
		if (pipe2(p, O_CLOEXEC | O_NONBLOCK) == -1)
			fatal(EXIT_FAIL, "pipe");
		r->busy_r = p[0];
		r->busy_w = p[1];
	}
	resident_sockets(r);
}

/*
 * Serve fds[0..n) (tls[i]: named tls or https; tls may be NULL), or with
 * n 0 bind --listen first.  Returns only in a child, with its connection
 * in c; the parent itself ends in resident_exit() after SIGTERM/SIGINT.
 */
void
resident_run(struct conn *c, const int *fds, const bool *tls, int n)
{
	struct resident	 r;

	preflight_run();	/* before anything is bound: --check's, or 78 */
	resident_init(&r, fds, tls, n);
	if (resident_spawn(&r, c))
		return;
	resident_status(&r, "READY=1\n");
	log_info("%u children waiting in accept(), at most %u connections",
	    cfg.prefork, cfg.max_connections);
	while (!resident_turn(&r, c))
		continue;
}
