/*
 * journal.c: write to systemd's journal without libsystemd.
 *
 * The native protocol is documented as stable for exactly this use
 * (systemd.io/JOURNAL_NATIVE_PROTOCOL): one datagram to
 * /run/systemd/journal/socket holding "FIELD=value\n" lines.  Every value
 * is made safe first (logsafe.c: valid UTF-8, controls replaced), so none
 * holds a newline and the protocol's binary form for one is never needed:
 * a client's bytes cannot end a field and start one of their own, and
 * journalctl shows no field as a blob.  Not linking libsystemd saves every
 * connection 1.6 ms of start-up (see sdfds.c); entries this small never
 * need the protocol's memfd fallback.
 *
 * journald learns who sent a datagram only after it has read it: it takes
 * the sender's pid from the socket credentials and looks up /proc/PID for
 * _COMM, _EXE and the cgroup that gives _SYSTEMD_UNIT.  A per-connection
 * process usually logs its access entry and exits at once, so when
 * journald is busy the entry is read after the process is gone and loses
 * its unit (`journalctl -u` misses it).  So journal_send() does not return
 * until journald has finished with the entry, bounded by JOURNAL_WAIT_MS:
 * an empty datagram follows it on the same socket (journald ignores one
 * with neither bytes nor descriptors), journald reads and processes one
 * socket's datagrams in order, and a datagram stays charged to our
 * socket's send queue (SIOCOUTQ) until journald has read it.  An empty
 * queue therefore means the entry has been read and its sender looked up.
 */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <linux/sockios.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "journal.h"
#include "logsafe.h"
#include "wsinetd.h"

#define JOURNAL_SOCKET	"/run/systemd/journal/socket"
#define JOURNAL_NAP_MAX_US 8000		/* longest sleep between checks */

void
journal_begin(struct journal_entry *j)
{
	j->len = 0;
	j->overflow = false;
}

static void
journal_append(struct journal_entry *j, const void *p, size_t n)
{
	if (j->overflow || n > sizeof(j->data) - j->len) {
		j->overflow = true;
		return;
	}
	memcpy(j->data + j->len, p, n);
	j->len += n;
}

/* Add NAME (upper case, digits, '_') with a printf-formatted value, made
 * safe (logsafe). */
void
journal_field(struct journal_entry *j, const char *name, const char *fmt,
    ...)
{
	char		 value[4096];
	va_list		 ap;
	size_t		 n;
	int		 r;

	va_start(ap, fmt);
	r = vsnprintf(value, sizeof(value), fmt, ap);
	va_end(ap);
	if (r < 0)
		return;
	n = (size_t)r < sizeof(value) ? (size_t)r : sizeof(value) - 1;
	n = logsafe(value, n);
	journal_append(j, name, strlen(name));
	journal_append(j, "=", 1);
	journal_append(j, value, n);
	journal_append(j, "\n", 1);
}

/* Sleep us microseconds (ppoll: the relay's filter allows it). */
static void
journal_nap(long us)
{
	struct timespec	 ts = { .tv_sec = 0, .tv_nsec = us * 1000 };

	(void)ppoll(NULL, 0, &ts, NULL);
}

/*
 * One datagram without blocking: journald's queue may be full, and a
 * blocked sendto() would hold the connection's process forever.  0, or
 * -errno (-EAGAIN once deadline has passed).
 */
static int
journal_sendto(int fd, const struct sockaddr_un *sa, const void *p,
    size_t len, int64_t deadline)
{
	long	 us = 100;

	for (;;) {
		if (sendto(fd, p, len, MSG_NOSIGNAL | MSG_DONTWAIT,
		    (const struct sockaddr *)sa, sizeof(*sa)) != -1)
			return 0;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN || now_ms() >= deadline)
			return -errno;
		journal_nap(us);
		us = us * 2 > JOURNAL_NAP_MAX_US ? JOURNAL_NAP_MAX_US : us * 2;
	}
}

/*
 * Wait until journald has read everything fd sent (see the top of this
 * file), or deadline.  Returns whether it did.
 */
static bool
journal_wait_read(int fd, int64_t deadline)
{
	long	 us = 50;
	int	 q;

	for (;;) {
		if (ioctl(fd, SIOCOUTQ, &q) == -1 || q == 0)
			return true;
		if (now_ms() >= deadline)
			return false;
		journal_nap(us);
		us = us * 2 > JOURNAL_NAP_MAX_US ? JOURNAL_NAP_MAX_US : us * 2;
	}
}

/*
 * Send the entry and wait (at most JOURNAL_WAIT_MS) until journald has
 * read it and looked us up: 0, or -errno (the caller falls back to
 * stderr).  An entry still queued at the deadline is sent all the same:
 * 0, it is only late.
 */
int
journal_send(const struct journal_entry *j)
{
	struct sockaddr_un	 sa = { .sun_family = AF_UNIX };
	int64_t			 deadline = now_ms() + JOURNAL_WAIT_MS;
	int			 fd, err;

	if (j->overflow)
		return -EMSGSIZE;
	memcpy(sa.sun_path, JOURNAL_SOCKET, sizeof(JOURNAL_SOCKET));
	if ((fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1)
		return -errno;
	err = journal_sendto(fd, &sa, j->data, j->len, deadline);
	/* The marker: read after the entry is done with. */
	if (err == 0 && journal_sendto(fd, &sa, "", 0, deadline) == 0)
		(void)journal_wait_read(fd, deadline);
	close(fd);
	return err;
}
