/*
 * log.c: where wsinetd's words go.  Four sinks, chosen once by log_init():
 * the journal with structured fields when stderr is the journal stream
 * ($JOURNAL_STREAM names its device and inode); when stderr is the
 * client's own socket (inetd passes it as fds 0, 1 and 2) syslog, else
 * the journal's socket, else the kernel log; else stderr, each line
 * "wsinetd[PID]: TIME MESSAGE".
 * Errors and the access line are always written; -q silences the access
 * line, -v adds info.  Every line and journal field is made safe first
 * (logsafe.c: valid UTF-8, no control characters).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "journal.h"
#include "log.h"
#include "logsafe.h"
#include "wsinetd.h"

#define LOG_SYSLOG_SOCKET	"/dev/log"
#define LOG_JOURNAL_SOCKET	"/run/systemd/journal/socket"

static bool
log_stderr_is_journal(void)
{
	const char	*js = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	struct stat	 st;

	if (js == NULL || sscanf(js, "%llu:%llu", &dev, &ino) != 2)
		return false;
	if (fstat(STDERR_FILENO, &st) == -1)
		return false;
	return st.st_dev == (dev_t)dev && st.st_ino == (ino_t)ino;
}

static bool
log_stderr_is_client(void)
{
	struct stat	 in, err;

	if (fstat(STDIN_FILENO, &in) == -1 || fstat(STDERR_FILENO, &err) == -1)
		return false;
	return S_ISSOCK(in.st_mode) && in.st_dev == err.st_dev &&
	    in.st_ino == err.st_ino;
}

/* Whether a datagram socket at path takes connections (syslogd, journald). */
static bool
log_socket_listens(const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int		 fd, r;

	if (strlen(path) >= sizeof(sun.sun_path))
		return false;
	strcpy(sun.sun_path, path);
	if ((fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1)
		return false;
	r = connect(fd, (struct sockaddr *)&sun, sizeof(sun));
	close(fd);
	return r == 0;
}

/*
 * stderr is the client (inetd, xinetd): nothing may be written to it, so fd
 * 2 becomes a log of its own.  syslog when /dev/log listens; else the
 * journal's native socket when it does (a journald without the syslog
 * link); else the kernel log, /dev/kmsg, opened now while we may still be
 * root, as fd 2 (dmesg, journalctl -k).  With none of them the lines are
 * lost: there is no other way to say anything (XXX: the README says so).
 */
static void
log_init_inetd(void)
{
	int	 fd;

	if (log_socket_listens(LOG_SYSLOG_SOCKET)) {
		cfg.log_sink = LOG_SINK_SYSLOG;
		openlog("wsinetd", LOG_PID | LOG_NDELAY, LOG_DAEMON);
		fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
	} else if (log_socket_listens(LOG_JOURNAL_SOCKET)) {
		cfg.log_sink = LOG_SINK_JOURNAL;
		fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
	} else if ((fd = open("/dev/kmsg", O_WRONLY | O_CLOEXEC)) != -1)
		cfg.log_sink = LOG_SINK_KMSG;
	else {
		cfg.log_sink = LOG_SINK_STDERR;
		fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
	}
	if (fd != -1) {
		dup2(fd, STDERR_FILENO);
		close(fd);
	}
}

/*
 * Pick the sink: the journal when stderr is its stream, log_init_inetd()'s
 * when stderr is the client's socket, else stderr.
 */
void
log_init(void)
{

	/* glibc reads the zone file on the first time conversion; do it
	 * now, before a seccomp filter forbids open(). */
	tzset();
	if (log_stderr_is_journal())
		cfg.log_sink = LOG_SINK_JOURNAL;
	else if (log_stderr_is_client())
		log_init_inetd();
	else
		cfg.log_sink = LOG_SINK_STDERR;
}

static int
log_journal(int prio, const char *msg)
{
	struct journal_entry	 j;

	journal_begin(&j);
	journal_field(&j, "MESSAGE", "%s", msg);
	journal_field(&j, "PRIORITY", "%d", prio);
	journal_field(&j, "SYSLOG_IDENTIFIER", "wsinetd");
	return journal_send(&j);
}

/*
 * A stderr line: "wsinetd[PID]: 2026-12-04T20:31:05.123Z MESSAGE", the
 * same prefix on every line whoever wrote it, then the UTC time to the
 * millisecond (the journal and syslog stamp their own entries).
 */
static void
log_emit_stderr(const char *msg)
{
	struct timespec	 ts;
	struct tm	 tm;
	char		 stamp[64] = "-";

	if (clock_gettime(CLOCK_REALTIME, &ts) == 0 &&
	    gmtime_r(&ts.tv_sec, &tm) != NULL)
		snprintf(stamp, sizeof(stamp),
		    "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ", tm.tm_year + 1900,
		    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
		    tm.tm_sec, ts.tv_nsec / 1000000);
	fprintf(stderr, "wsinetd[%ld]: %s %s\n", (long)getpid(), stamp, msg);
}

/* One write(), one kernel log record: "<PRI>wsinetd[PID]: MESSAGE". */
static void
log_emit_kmsg(int prio, const char *msg)
{
	char	 line[1200];
	int	 n;

	n = snprintf(line, sizeof(line), "<%d>wsinetd[%ld]: %s\n",
	    LOG_DAEMON | prio, (long)getpid(), msg);
	if (n > 0)
		(void)!write(STDERR_FILENO, line, (size_t)n < sizeof(line) ?
		    (size_t)n : sizeof(line) - 1);
}

/* A journal that cannot take the entry still has our stderr stream. */
static void
log_emit(int prio, const char *msg)
{
	if (cfg.log_sink == LOG_SINK_JOURNAL && log_journal(prio, msg) == 0)
		return;
	if (cfg.log_sink == LOG_SINK_SYSLOG)
		syslog(prio, "%s", msg);
	else if (cfg.log_sink == LOG_SINK_KMSG)
		log_emit_kmsg(prio, msg);
	else
		log_emit_stderr(msg);
}

static void __attribute__((format(printf, 3, 0)))
log_vmsg(int prio, const char *errstr, const char *fmt, va_list ap)
{
	char	 msg[1024];
	size_t	 len;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (errstr != NULL) {
		len = strlen(msg);
		snprintf(msg + len, sizeof(msg) - len, ": %s", errstr);
	}
	/* One message, one line: client bytes (an obs-folded Host in "no
	 * route for host", a C1 CSI in a token) must not forge a line of
	 * their own or reach a terminal as a control (logsafe.c). */
	msg[logsafe(msg, strlen(msg))] = '\0';
	log_emit(prio, msg);
}

/* A warning with ": strerror(errno)" appended. */
void
log_warn(const char *fmt, ...)
{
	va_list	 ap;
	int	 saved = errno;

	va_start(ap, fmt);
	log_vmsg(LOG_WARNING, strerror(saved), fmt, ap);
	va_end(ap);
	errno = saved;
}

void
log_warnx(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	log_vmsg(LOG_WARNING, NULL, fmt, ap);
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list	 ap;

	if (cfg.verbose < 1)
		return;
	va_start(ap, fmt);
	log_vmsg(LOG_INFO, NULL, fmt, ap);
	va_end(ap);
}

/* Log with strerror(errno) and exit with DESIGN.md's status. */
void
fatal(int status, const char *fmt, ...)
{
	va_list	 ap;
	int	 saved = errno;

	va_start(ap, fmt);
	log_vmsg(LOG_ERR, strerror(saved), fmt, ap);
	va_end(ap);
	exit(status);
}

void
fatalx(int status, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	log_vmsg(LOG_ERR, NULL, fmt, ap);
	va_end(ap);
	exit(status);
}

/*
 * The access line: peer, request, status, target, payload bytes/messages
 * in (client to backend) and out, duration, close code ("-" when none),
 * route, and the --auth-file user when one was verified.
 * In the journal the same facts are also separate fields.
 */
void
log_access(const struct conn *c)
{
	const struct tls_facts *t = &c->tlsf;
	struct journal_entry	 j;
	char	 close_s[16], line[2560], tls[1024] = "";
	double	 secs;

	if (cfg.verbose < 0 || c->logged || (c->probe && cfg.verbose < 1))
		return;
	/* A page load is dozens of static files (noVNC: 75): their lines
	 * are -v's; a static answer of 400 or more is always logged. */
	if (cfg.verbose < 1 && c->target.spec != NULL &&
	    strcmp(c->target.spec, "web") == 0 && c->status < 400)
		return;
	secs = (double)(now_ms() - c->start_ms) / 1000.0;
	if (c->close_code)
		snprintf(close_s, sizeof(close_s), "%d", c->close_code);
	else
		snprintf(close_s, sizeof(close_s), "-");
	if (t->on && t->by[0])		/* terminated by the launcher */
		snprintf(tls, sizeof(tls), " tls=%s cipher=%s sni=%s by=%s%s%s"
		    "%s", t->protocol, t->cipher[0] ? t->cipher : "-",
		    t->sni[0] ? t->sni : "-", t->by,
		    t->client_dn[0] ? " client=\"" : "", t->client_dn,
		    t->client_dn[0] ? "\"" : "");
	else if (t->on)
		snprintf(tls, sizeof(tls), " tls=%s cipher=%s sni=%s "
		    "resumed=%d%s%s%s%s%s", t->protocol, t->cipher,
		    t->sni[0] ? t->sni : "-", t->resumed,
		    t->client_dn[0] ? " client=\"" : "", t->client_dn,
		    t->client_dn[0] ? "\"" : "", t->ktls[0] ? " ktls=" : "",
		    t->ktls);
	snprintf(line, sizeof(line),
	    "%s \"%s %s\" %d target=%s in=%llu/%llu out=%llu/%llu "
	    "time=%.3fs close=%s route=%s%s%s%s%s%s%s%s", c->peer,
	    c->req.method_name[0] ? c->req.method_name : "-",
	    c->req.path[0] ? c->req.path : "-", c->status,
	    c->target.spec ? c->target.spec : "-",
	    (unsigned long long)c->in_bytes, (unsigned long long)c->in_msgs,
	    (unsigned long long)c->out_bytes, (unsigned long long)c->out_msgs,
	    secs, close_s, c->route ? c->route->host : "",
	    c->route ? c->route->prefix : c->token_spec[0] ? "token" : "-",
	    c->user[0] ? " user=" : "", c->user,
	    c->pmd_on ? " compress=permessage-deflate" : "",
	    c->rec.name[0] ? " rec=" : "", c->rec.name, tls);
	line[logsafe(line, strlen(line))] = '\0';	/* the SNI, the DN */
	if (cfg.log_sink != LOG_SINK_JOURNAL) {
		log_emit(LOG_INFO, line);
		return;
	}
	journal_begin(&j);
	journal_field(&j, "MESSAGE", "%s", line);
	journal_field(&j, "PRIORITY", "%d", LOG_INFO);
	journal_field(&j, "SYSLOG_IDENTIFIER", "wsinetd");
	journal_field(&j, "WSINETD_PEER", "%s", c->peer);
	journal_field(&j, "WSINETD_PATH", "%s", c->req.path);
	journal_field(&j, "WSINETD_STATUS", "%d", c->status);
	journal_field(&j, "WSINETD_TARGET", "%s",
	    c->target.spec ? c->target.spec : "");
	journal_field(&j, "WSINETD_ROUTE", "%s%s", c->route ? c->route->host :
	    "", c->route ? c->route->prefix : c->token_spec[0] ? "token" :
	    "");
	journal_field(&j, "WSINETD_IN_BYTES", "%llu",
	    (unsigned long long)c->in_bytes);
	journal_field(&j, "WSINETD_IN_MESSAGES", "%llu",
	    (unsigned long long)c->in_msgs);
	journal_field(&j, "WSINETD_OUT_BYTES", "%llu",
	    (unsigned long long)c->out_bytes);
	journal_field(&j, "WSINETD_OUT_MESSAGES", "%llu",
	    (unsigned long long)c->out_msgs);
	journal_field(&j, "WSINETD_DURATION_MS", "%lld",
	    (long long)(now_ms() - c->start_ms));
	journal_field(&j, "WSINETD_CLOSE_CODE", "%s", close_s);
	/* Empty when not known, so every entry has every field. */
	journal_field(&j, "WSINETD_USER", "%s", c->user);
	journal_field(&j, "WSINETD_RECORD", "%s", c->rec.name);
	journal_field(&j, "WSINETD_TLS_PROTOCOL", "%s", t->on ? t->protocol :
	    "");
	journal_field(&j, "WSINETD_TLS_CIPHER", "%s", t->on ? t->cipher : "");
	journal_field(&j, "WSINETD_TLS_SNI", "%s", t->on ? t->sni : "");
	journal_field(&j, "WSINETD_TLS_RESUMED", "%s", !t->on ? "" :
	    t->resumed ? "1" : "0");
	journal_field(&j, "WSINETD_TLS_CLIENT_DN", "%s", t->on ? t->client_dn :
	    "");
	journal_field(&j, "WSINETD_TLS_KTLS", "%s", t->on ? t->ktls : "");
	if (journal_send(&j) != 0)
		log_emit_stderr(line);
}

/*
 * The client connected and went away before a request (err: 0 after a
 * FIN, else the errno of a reset) without sending a byte of its own: a
 * load balancer's health check (HAProxy's connects, sends a PROXY v2 LOCAL
 * header and resets, perhaps after a TLS handshake), a port scan.  One
 * line at -v and no access line, so a probe every few seconds is no noise
 * at the default verbosity.
 */
void
log_silent(struct conn *c, int err)
{
	char	 from[96] = "";

	c->logged = true;
	if (c->probe)
		snprintf(from, sizeof(from), " (PROXY LOCAL: the proxy's "
		    "health check)");
	else if (c->via[0] != '\0')
		snprintf(from, sizeof(from), " (PROXY header from %s)", c->via);
	log_info("%s: %s %s%s", c->peer, err == 0 ? "closed" : "reset",
	    c->tlsf.on ? "after the TLS handshake, before a request" :
	    c->via[0] != '\0' ? "before a request" : "before sending a byte",
	    from);
}
