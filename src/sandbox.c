/*
 * sandbox.c: confine a connection's process with seccomp, in two steps.
 *
 * sandbox_request(), right after the privilege drop and before the first
 * client byte is parsed: the PROXY header, the TLS handshake, every HTTP
 * request, routing, --web and opening the target run under the request
 * filter (reading and writing, sockets, files opened read-only, no
 * execve, no fork).  sandbox_enter(), once the target is open and just
 * before the 101 (or a passthrough's splice): the relay filter is stacked
 * on top, and from then on the process only moves bytes between
 * descriptors it holds; the frame parser runs under both.
 *
 * The programs are generated at build time from sandbox_rules.h (see
 * sandbox_gen.c), so loading one is a single prctl() and wsinetd does not
 * link libseccomp.  A call outside the list raises SIGSYS (SECCOMP_RET_TRAP);
 * the handler writes one line naming the call, the phase and the client to
 * the log with write(2)/send(2), then _exits 159.  It cannot be bypassed:
 * neither filter allows rt_sigaction, so no other handler can replace it.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include "log.h"
#include "sandbox.h"
#include "sandbox_bpf.h"
#include "wsinetd.h"

/* Append s to the line at *n (async-signal-safe: no stdio). */
static void
sandbox_cat(char *line, size_t *n, size_t max, const char *s)
{
	while (*s != '\0' && *n < max)
		line[(*n)++] = *s++;
}

static void
sandbox_num(char *line, size_t *n, size_t max, long v)
{
	char	 d[24];
	size_t	 i = sizeof(d) - 1;

	d[i] = '\0';
	if (v < 0)
		v = -v;
	do
		d[--i] = (char)('0' + v % 10);
	while ((v /= 10) != 0 && i > 0);
	sandbox_cat(line, n, max, d + i);
}

static void
sandbox_sigsys(int sig, siginfo_t *si, void *uc)
{
	char	 line[512];
	size_t	 n = 0, max = sizeof(line) - 1;
	ssize_t	 w;
	int	 nr = si->si_syscall;
	int	 nnames = (int)(sizeof(sandbox_names) / sizeof(sandbox_names[0]));

	(void)sig;
	(void)uc;
	if (cfg.sandbox_log_fd != -1)
		sandbox_cat(line, &n, max, "<28>");	/* daemon.warning */
	sandbox_cat(line, &n, max, "wsinetd[");
	sandbox_num(line, &n, max, (long)getpid());
	sandbox_cat(line, &n, max, "]: ");
	sandbox_cat(line, &n, max, cfg.sandbox_peer);
	sandbox_cat(line, &n, max, ": system call ");
	sandbox_cat(line, &n, max, nr >= 0 && nr < nnames &&
	    sandbox_names[nr] != NULL ? sandbox_names[nr] : "?");
	sandbox_cat(line, &n, max, " (");
	sandbox_num(line, &n, max, nr);
	sandbox_cat(line, &n, max, ") is not allowed by the seccomp filter "
	    "of the ");
	sandbox_cat(line, &n, max, cfg.sandbox_phase);
	sandbox_cat(line, &n, max, " phase; connection ended, exit 159 (a "
	    "bug: report it; --no-seccomp turns the filters off)");
	if (cfg.sandbox_log_fd != -1)
		w = send(cfg.sandbox_log_fd, line, n, MSG_NOSIGNAL);
	else {
		line[n++] = '\n';
		w = write(STDERR_FILENO, line, n);
	}
	(void)w;			/* nothing else to tell on failure */
	_exit(SANDBOX_EXIT);
}

/*
 * Under inetd stderr is /dev/null and syslog's own socket is not ours to
 * use from a signal handler: open one to /dev/log for the SIGSYS line.
 * Also load the time zone now: syslog() stamps lines with localtime_r(),
 * which reads /etc/localtime on first use, and open is not allowed later.
 */
static void
sandbox_syslog_fd(void)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int	 fd;

	cfg.sandbox_log_fd = -1;
	if (cfg.log_sink != LOG_SINK_SYSLOG)
		return;
	tzset();
	strcpy(sun.sun_path, "/dev/log");
	if ((fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1)
		return;
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
		close(fd);
		return;
	}
	cfg.sandbox_log_fd = fd;
}

/*
 * The program for a phase: the request filter (exec: whether an exec:
 * target is configured; tls is not asked, every request filter allows
 * GnuTLS), or the relay's for TLS records and/or an exec: child; record:
 * --record is configured.
 */
void
sandbox_program(enum sandbox_phase phase, bool tls, bool exec, bool record,
    struct sock_fprog *prog)
{
#define P(bpf)	{ (const void *)(bpf), sizeof(bpf) / sizeof(struct sock_filter) }
	static const struct {
		const void	*bpf;
		unsigned short	 len;
	} request[4] = {		/* [exec | record << 1] */
		P(sandbox_bpf_request), P(sandbox_bpf_request_exec),
		P(sandbox_bpf_request_rec), P(sandbox_bpf_request_exec_rec),
	}, relay[8] = {			/* [tls | exec << 1 | record << 2] */
		P(sandbox_bpf_plain), P(sandbox_bpf_tls),
		P(sandbox_bpf_exec), P(sandbox_bpf_exec_tls),
		P(sandbox_bpf_plain_rec), P(sandbox_bpf_tls_rec),
		P(sandbox_bpf_exec_rec), P(sandbox_bpf_exec_tls_rec),
	};
#undef P
	size_t	 i;

	if (phase == SANDBOX_REQUEST) {
		i = (size_t)exec | (size_t)record << 1;
		prog->filter = (struct sock_filter *)request[i].bpf;
		prog->len = request[i].len;
		return;
	}
	i = (size_t)tls | (size_t)exec << 1 | (size_t)record << 2;
	prog->filter = (struct sock_filter *)relay[i].bpf;
	prog->len = relay[i].len;
}

/* Load prog, naming phase in a denied call's line.  0, or -1 logged. */
static int
sandbox_load(struct conn *c, const char *phase, struct sock_fprog *prog)
{
	snprintf(cfg.sandbox_peer, sizeof(cfg.sandbox_peer), "%s", c->peer);
	cfg.sandbox_phase = phase;
	/* PR_SET_NO_NEW_PRIVS is already set (privdrop_apply). */
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, prog) == -1) {
		log_warn("%s: installing the seccomp filter of the %s phase "
		    "(--no-seccomp runs without it)", c->peer, phase);
		return -1;
	}
	return 0;
}

/*
 * The request filter, before the first client byte is parsed; exec says
 * whether an exec: target is configured (its program is started by a
 * process forked before this, exec_stub.c).  Installs the SIGSYS handler
 * both filters report through.  Returns 0, or -1 after logging why (the
 * caller ends the connection: a filter that was asked for and is
 * missing is a failure).
 */
int
sandbox_request(struct conn *c, bool exec)
{
	struct sock_fprog prog;
	struct sigaction sa;

	if (cfg.no_seccomp)
		return 0;
	sandbox_syslog_fd();
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = sandbox_sigsys;
	sa.sa_flags = SA_SIGINFO;
	sigfillset(&sa.sa_mask);
	if (sigaction(SIGSYS, &sa, NULL) == -1) {
		log_warn("%s: SIGSYS handler", c->peer);
		return -1;
	}
	sandbox_program(SANDBOX_REQUEST, false, exec, cfg.record_dir != NULL,
	    &prog);
	return sandbox_load(c, "request", &prog);
}

/*
 * The relay filter, on top of the request filter, once the target is
 * open (sandbox_program: TLS records on either side, an exec: child).
 * Returns 0, or -1 after logging why.
 */
int
sandbox_enter(struct conn *c)
{
	struct sock_fprog prog;

	if (cfg.no_seccomp)
		return 0;
	/* GnuTLS records on either side: the client's session, or a
	 * passthrough's to a wss:// or https:// backend. */
	sandbox_program(SANDBOX_RELAY, c->tls != NULL ||
	    (c->target.kind == TARGET_URL && c->target.url_tls),
	    c->target.kind == TARGET_EXEC, cfg.record_dir != NULL, &prog);
	return sandbox_load(c, "relay", &prog);
}
