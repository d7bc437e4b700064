/*
 * log.c: where wsinetd's words go.  Three sinks, chosen once by log_init():
 * the journal with structured fields when stderr is the journal stream
 * ($JOURNAL_STREAM names its device and inode), syslog when stderr is the
 * client's own socket (inetd passes it as fds 0, 1 and 2), else stderr.
 * Errors and the access line are always written; -q silences the access
 * line, -v adds info.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <systemd/sd-journal.h>

#include "log.h"
#include "wsinetd.h"

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

/*
 * Pick the sink.  When stderr is the client socket nothing may be written to
 * it, so fd 2 is pointed at /dev/null and messages go to syslog.
 */
void
log_init(void)
{
	int	 fd;

	if (log_stderr_is_journal())
		cfg.log_sink = LOG_SINK_JOURNAL;
	else if (log_stderr_is_client()) {
		cfg.log_sink = LOG_SINK_SYSLOG;
		openlog("wsinetd", LOG_PID | LOG_NDELAY, LOG_DAEMON);
		if ((fd = open("/dev/null", O_WRONLY | O_CLOEXEC)) != -1) {
			dup2(fd, STDERR_FILENO);
			close(fd);
		}
	} else
		cfg.log_sink = LOG_SINK_STDERR;
}

static void
log_emit(int prio, const char *msg)
{
	switch (cfg.log_sink) {
	case LOG_SINK_JOURNAL:
		sd_journal_send("MESSAGE=%s", msg, "PRIORITY=%d", prio,
		    "SYSLOG_IDENTIFIER=wsinetd", NULL);
		break;
	case LOG_SINK_SYSLOG:
		syslog(prio, "%s", msg);
		break;
	default:
		fprintf(stderr, "wsinetd[%ld]: %s\n", (long)getpid(), msg);
		break;
	}
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
 * in (client to backend) and out, duration, close code ("-" when none).
 * In the journal the same facts are also separate fields.
 */
void
log_access(const struct conn *c)
{
	const struct tls_facts *t = &c->tlsf;
	char	 close_s[16], line[2048], tls[1024] = "";
	double	 secs;

	if (cfg.verbose < 0)
		return;
	secs = (double)(now_ms() - c->start_ms) / 1000.0;
	if (c->close_code)
		snprintf(close_s, sizeof(close_s), "%d", c->close_code);
	else
		snprintf(close_s, sizeof(close_s), "-");
	if (t->on)
		snprintf(tls, sizeof(tls), " tls=%s cipher=%s sni=%s "
		    "resumed=%d%s%s%s%s%s", t->protocol, t->cipher,
		    t->sni[0] ? t->sni : "-", t->resumed,
		    t->client_dn[0] ? " client=\"" : "", t->client_dn,
		    t->client_dn[0] ? "\"" : "", t->ktls[0] ? " ktls=" : "",
		    t->ktls);
	snprintf(line, sizeof(line),
	    "%s \"%s %s\" %d target=%s in=%llu/%llu out=%llu/%llu "
	    "time=%.3fs close=%s%s", c->peer,
	    c->req.method_name[0] ? c->req.method_name : "-",
	    c->req.path[0] ? c->req.path : "-", c->status,
	    c->target.spec ? c->target.spec : "-",
	    (unsigned long long)c->in_bytes, (unsigned long long)c->in_msgs,
	    (unsigned long long)c->out_bytes, (unsigned long long)c->out_msgs,
	    secs, close_s, tls);
	if (cfg.log_sink != LOG_SINK_JOURNAL) {
		log_emit(LOG_INFO, line);
		return;
	}
	sd_journal_send("MESSAGE=%s", line, "PRIORITY=%d", LOG_INFO,
	    "SYSLOG_IDENTIFIER=wsinetd",
	    "WSINETD_PEER=%s", c->peer,
	    "WSINETD_PATH=%s", c->req.path,
	    "WSINETD_STATUS=%d", c->status,
	    "WSINETD_TARGET=%s", c->target.spec ? c->target.spec : "",
	    "WSINETD_IN_BYTES=%llu", (unsigned long long)c->in_bytes,
	    "WSINETD_IN_MESSAGES=%llu", (unsigned long long)c->in_msgs,
	    "WSINETD_OUT_BYTES=%llu", (unsigned long long)c->out_bytes,
	    "WSINETD_OUT_MESSAGES=%llu", (unsigned long long)c->out_msgs,
	    "WSINETD_DURATION_MS=%lld", (long long)(now_ms() - c->start_ms),
	    "WSINETD_CLOSE_CODE=%s", close_s,
	    "WSINETD_TLS_PROTOCOL=%s", t->on ? t->protocol : "",
	    "WSINETD_TLS_CIPHER=%s", t->on ? t->cipher : "",
	    "WSINETD_TLS_SNI=%s", t->sni,
	    "WSINETD_TLS_RESUMED=%d", t->resumed,
	    "WSINETD_TLS_CLIENT_DN=%s", t->client_dn,
	    "WSINETD_TLS_KTLS=%s", t->ktls, NULL);
}
