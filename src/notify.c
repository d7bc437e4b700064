/*
 * notify.c: tell systemd how the resident parent is doing (sd_notify(3):
 * READY=1, STATUS=, STOPPING=1, WATCHDOG=1), only when $NOTIFY_SOCKET is
 * set (Type=notify units, systemd-socket-activate told so).
 *
 * libsystemd is dlopen()ed, as tls_lib.c does GnuTLS, and in a process of
 * its own: every process the resident parent forks inherits its mappings,
 * and a per-connection process must never carry libsystemd (linking it
 * costs an exec'd process 1.8 ms; a forked one would still map it).  So
 * under $NOTIFY_SOCKET notify_start() forks before anything else is
 * loaded: the original process, systemd's main PID (the one sd_notify
 * must speak from under NotifyAccess=main), loads libsystemd and relays;
 * its child goes on as the resident parent and sends it one message per
 * notification over a SOCK_SEQPACKET pair.  The relay passes on only the
 * four assignments above (notify_allowed), forwards SIGTERM and SIGINT to
 * the resident parent after saying STOPPING=1, and exits with its status.
 */
#include <dlfcn.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "log.h"
#include "notify.h"
#include "wsinetd.h"

/* sd_notify(3): int sd_notify(int unset_environment, const char *state). */
typedef int notify_fn(int, const char *);

/*
 * Is msg, newline-separated assignments, only what the resident parent
 * sends?  Anything else (MAINPID=, FDSTORE=, ...) is not relayed.
 */
bool
notify_allowed(const char *msg)
{
	static const char *const exact[] = { "READY=1", "STOPPING=1",
	    "WATCHDOG=1" };
	const char	*end;
	size_t		 len, i;
	bool		 ok;

	if (*msg == '\0')
		return false;
	for (; *msg != '\0'; msg = *end ? end + 1 : end) {
		end = strchr(msg, '\n');
		if (end == NULL)
			end = msg + strlen(msg);
		len = (size_t)(end - msg);
		ok = len >= 7 && strncmp(msg, "STATUS=", 7) == 0;
		for (i = 0; !ok && i < sizeof(exact) / sizeof(exact[0]); i++)
			ok = len == strlen(exact[i]) &&
			    strncmp(msg, exact[i], len) == 0;
		if (!ok)
			return false;
	}
	return true;
}

/*
 * $WATCHDOG_USEC and $WATCHDOG_PID as sd_watchdog_enabled(3) reads them:
 * usec a decimal number above 0; pid, when set, must be main (systemd's
 * main PID: the notify relay).  Returns 0 with *out set, or -1: no
 * watchdog for us.
 */
int
notify_watchdog_parse(const char *usec, const char *pid, pid_t main,
    uint64_t *out)
{
	uint64_t	 v = 0, p = 0;
	const char	*s;

	if (usec == NULL || *usec == '\0')
		return -1;
	for (s = usec; *s; s++) {
		if (*s < '0' || *s > '9' ||
		    v > (UINT64_MAX - (uint64_t)(*s - '0')) / 10)
			return -1;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	if (v == 0)
		return -1;
	if (pid != NULL) {
		if (*pid == '\0')
			return -1;
		for (s = pid; *s; s++) {
			if (*s < '0' || *s > '9' || p > (1u << 30))
				return -1;
			p = p * 10 + (uint64_t)(*s - '0');
		}
		if (p != (uint64_t)main)
			return -1;
	}
	*out = v;
	return 0;
}

/* One message to the relay; nothing happens when fd is -1. */
void
notify_send(int fd, const char *fmt, ...)
{
	char	 msg[NOTIFY_MSG_MAX];
	va_list	 ap;
	int	 n;

	if (fd < 0)
		return;
	va_start(ap, fmt);
	n = vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(msg))
		n = sizeof(msg) - 1;
	/* A relay that is gone or behind loses a status line, no more. */
	(void)send(fd, msg, (size_t)n, MSG_DONTWAIT | MSG_NOSIGNAL);
}

/* libsystemd's sd_notify, or NULL after saying why (once). */
static notify_fn *
notify_lib(void)
{
	notify_fn *fn;
	void		*h;

	if ((h = dlopen(NOTIFY_SONAME, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		log_warnx("cannot load %s (%s): systemd will not hear that "
		    "wsinetd is ready; install Debian's libsystemd0",
		    NOTIFY_SONAME, dlerror());
		return NULL;
	}
	if ((fn = (notify_fn *)dlsym(h, "sd_notify")) == NULL)
		log_warnx("%s has no sd_notify", NOTIFY_SONAME);
	return fn;
}

static void
notify_relay_one(int sock, notify_fn *fn, bool *open)
{
	char	 msg[NOTIFY_MSG_MAX + 1];
	ssize_t	 n;
	int	 r;

	n = recv(sock, msg, sizeof(msg) - 1, MSG_DONTWAIT);
	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
		*open = false;
		return;
	}
	if (n < 0)
		return;
	msg[n] = '\0';
	if (!notify_allowed(msg)) {
		log_warnx("notify relay: not passing on \"%.40s\"", msg);
		return;
	}
	if (fn != NULL && (r = fn(0, msg)) < 0)
		log_warnx("sd_notify: %s", strerror(-r));
}

/*
 * The relay: systemd's main PID from here on.  Exits with the resident
 * parent's status (128 + the signal if one ended it).
 */
static void __attribute__((noreturn))
notify_relay(int sock, pid_t child, const sigset_t *mask)
{
	notify_fn *fn = notify_lib();
	struct signalfd_siginfo si;
	struct pollfd	 pfd[2];
	bool		 open = true;
	int		 sigfd, st;

	if ((sigfd = signalfd(-1, mask, SFD_CLOEXEC | SFD_NONBLOCK)) == -1)
		fatal(EXIT_FAIL, "notify relay: signalfd");
	for (;;) {
		pfd[0].fd = sigfd;
		pfd[0].events = POLLIN;
		pfd[1].fd = open ? sock : -1;
		pfd[1].events = POLLIN;
		if (poll(pfd, 2, -1) == -1 && errno != EINTR)
			fatal(EXIT_FAIL, "notify relay: poll");
		if (pfd[1].revents)
			notify_relay_one(sock, fn, &open);
		while (read(sigfd, &si, sizeof(si)) == sizeof(si)) {
			if (si.ssi_signo == SIGTERM || si.ssi_signo == SIGINT) {
				if (fn != NULL)
					(void)fn(0, "STOPPING=1");
				(void)kill(child, (int)si.ssi_signo);
			}
		}
		if (waitpid(child, &st, WNOHANG) != child)
			continue;
		while (open)			/* its last words */
			notify_relay_one(sock, fn, &open);
		exit(WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
	}
}

/*
 * Under $NOTIFY_SOCKET, split off the relay: returns in the resident
 * parent (a new child) the descriptor for notify_send(), after closing
 * nothing of its own; the original process becomes the relay, closes
 * fds[0..n) (the listening sockets are the resident parent's) and never
 * returns.  Without $NOTIFY_SOCKET returns -1 and nothing changes.  The
 * caller has blocked SIGTERM, SIGINT and SIGCHLD, so no signal falls
 * between the fork and either side's signalfd.
 */
int
notify_start(const int *fds, int n)
{
	const char	*sock = getenv("NOTIFY_SOCKET");
	sigset_t	 mask;
	pid_t		 self = getpid(), pid;
	int		 sv[2], i;

	if (sock == NULL || *sock == '\0')
		return -1;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) == -1)
		fatal(EXIT_FAIL, "notify: socketpair");
	if ((pid = fork()) == -1)
		fatal(EXIT_FAIL, "notify: fork");
	if (pid > 0) {
		close(sv[1]);
		for (i = 0; i < n; i++)
			close(fds[i]);
		sigemptyset(&mask);
		sigaddset(&mask, SIGTERM);
		sigaddset(&mask, SIGINT);
		sigaddset(&mask, SIGCHLD);
		notify_relay(sv[0], pid, &mask);
	}
	close(sv[0]);
	/* The relay gone (killed), the resident parent stops as on SIGTERM. */
	if (prctl(PR_SET_PDEATHSIG, SIGTERM) == -1 || getppid() != self)
		fatal(EXIT_FAIL, "notify: the relay process is gone");
	/* What we start later must not speak to systemd for us. */
	unsetenv("NOTIFY_SOCKET");
	return sv[1];
}
