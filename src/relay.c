/*
 * relay.c: one poll() loop moves the WebSocket between the client and the
 * backend until both sides are done.  Backpressure lives in the poll
 * events, recomputed each turn: a side is read only while the buffer it
 * feeds has room, so memory stays at the three fixed buffers whatever the
 * peers do.  Closing drains first: bytes accepted from one side reach the
 * other before the connection ends, and every wait is bounded.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <linux/sockios.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "client.h"
#include "io.h"
#include "log.h"
#include "relay.h"
#include "wsinetd.h"

#define BACKEND_READ_MIN	(4 + 4096)	/* room to frame a read */

enum { P_CLI_IN, P_CLI_OUT, P_BACK, P_N };

struct relay {
	bool	 cli_eof;	/* the client sent FIN or reset */
	bool	 cli_gone;	/* writing to the client failed */
	bool	 back_eof;	/* the backend sent FIN */
	bool	 back_shut;	/* we sent FIN to the backend */
	int64_t	 drain_deadline;	/* bound on draining after the end */
	bool	 cli_full;	/* the client's socket said EAGAIN */
	bool	 back_full;	/* the backend's socket said EAGAIN */
	int	 outq[2];	/* kernel send queues at the last progress */
	bool	 closing;	/* outq holds a measurement */
};

enum { Q_CLI, Q_BACK };

/* Bytes the kernel still holds for fd's peer (SIOCOUTQ), or -1. */
static int
relay_outq(int fd)
{
	int	 q;

	if (fd == -1 || ioctl(fd, SIOCOUTQ, &q) == -1)
		return -1;
	return q;
}

/*
 * Closing waits are bounded by "no progress for CLOSE_WAIT_MS", not by a
 * fixed time from the decision: a slow reader that keeps taking bytes gets
 * every one of them.  Called after each successful write.
 */
static void
relay_progress(struct conn *c, struct relay *r)
{
	int64_t	 until = now_ms() + CLOSE_WAIT_MS;

	if (!c->ws.close_want && !r->drain_deadline)
		return;
	if (c->ws.close_want)
		c->ws.close_deadline = until;
	if (r->drain_deadline)
		r->drain_deadline = until;
	r->outq[Q_CLI] = relay_outq(r->cli_gone ? -1 : c->cli_out);
	r->outq[Q_BACK] = relay_outq(c->target.fd);
	r->closing = true;
}

/*
 * A peer that reads slowly may take longer than CLOSE_WAIT_MS to make room
 * for our next write (a unix socket is writable again only when three
 * quarters of its buffer are free), yet it is still reading: its kernel
 * queue shrank.  That counts as progress too.
 */
static bool
relay_peer_draining(struct conn *c, struct relay *r)
{
	int	 cli = relay_outq(r->cli_gone ? -1 : c->cli_out);
	int	 back = relay_outq(c->target.fd);
	bool	 moved;

	moved = (buf_len(&c->to_client) && cli >= 0 && cli < r->outq[Q_CLI]) ||
	    (buf_len(&c->to_backend) && back >= 0 && back < r->outq[Q_BACK]);
	if (moved)
		relay_progress(c, r);
	return moved;
}

static void
relay_read_client(struct conn *c, struct relay *r)
{
	size_t	 room = buf_tail_room(&c->rx, 16384);
	ssize_t	 n;

	n = client_read(c, buf_tail(&c->rx), room);
	if (n > 0) {
		c->rx.end += (size_t)n;
		c->ws.last_active = now_ms();
		return;
	}
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	r->cli_eof = true;
	if (n < 0) {
		r->cli_gone = true;
		log_info("%s: client read: %s", c->peer, strerror(errno));
	}
	if (!c->ws.close_rcvd && !c->ws.failed && !c->ws.close_sent) {
		log_info("%s: client left without a Close", c->peer);
		c->close_code = CLOSE_ABNORMAL;
	}
}

/* The client reset or hung up while we were not reading it. */
static void
relay_client_hangup(struct conn *c, struct relay *r)
{
	log_info("%s: client hung up", c->peer);
	r->cli_gone = r->cli_eof = true;
	if (!c->ws.close_rcvd && !c->ws.close_sent)
		c->close_code = CLOSE_ABNORMAL;
}

static void
relay_write_client(struct conn *c, struct relay *r)
{
	ssize_t	 n;

	n = client_write(c, buf_head(&c->to_client), buf_len(&c->to_client));
	if (n > 0) {
		buf_consume(&c->to_client, (size_t)n);
		r->cli_full = buf_len(&c->to_client) > 0;
		relay_progress(c, r);
		return;
	}
	if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
		r->cli_full = errno == EAGAIN;
		return;
	}
	log_info("%s: client write: %s", c->peer, strerror(errno));
	r->cli_gone = r->cli_eof = true;
	if (!c->ws.close_rcvd && !c->ws.close_sent)
		c->close_code = CLOSE_ABNORMAL;
}

static void
relay_backend_error(struct conn *c, const char *what, int err)
{
	char	 why[256];

	snprintf(why, sizeof(why), "backend %s %s: %s", c->target.spec, what,
	    strerror(err));
	ws_fail(c, CLOSE_BACKEND, why);
	target_close(&c->target);
	buf_consume(&c->to_backend, buf_len(&c->to_backend));
}

static void
relay_read_backend(struct conn *c, struct relay *r)
{
	int	 n = ws_backend_frame(c, c->target.fd);

	if (n > 0) {
		c->ws.last_active = now_ms();
		return;
	}
	if (n == 0) {
		r->back_eof = true;
		if (c->ws.ncarry)
			log_warnx("%s: backend ended inside a UTF-8 sequence; "
			    "%u bytes dropped", c->peer, c->ws.ncarry);
		return;
	}
	if (n == -EAGAIN || n == -EINTR)
		return;
	if (n == -EILSEQ) {
		ws_fail(c, CLOSE_BACKEND, "backend sent invalid UTF-8 with "
		    "--text");
		target_close(&c->target);
		return;
	}
	relay_backend_error(c, "read", -n);
}

static void
relay_write_backend(struct conn *c, struct relay *r)
{
	ssize_t	 n;

	n = write(c->target.fd, buf_head(&c->to_backend),
	    buf_len(&c->to_backend));
	if (n > 0) {
		buf_consume(&c->to_backend, (size_t)n);
		r->back_full = buf_len(&c->to_backend) > 0;
		relay_progress(c, r);
		return;
	}
	if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
		r->back_full = errno == EAGAIN;
		return;
	}
	relay_backend_error(c, "write", n < 0 ? errno : EPIPE);
}

/*
 * The client has nothing more for the backend once it closed, failed, or
 * left; then, with to_backend drained, the backend gets our FIN.
 */
static bool
relay_client_done(const struct conn *c, const struct relay *r)
{
	return c->ws.close_rcvd || c->ws.failed || r->cli_eof;
}

/* Is there nothing left to do, or has the bounded wait for it ended? */
static bool
relay_done(struct conn *c, struct relay *r, int64_t now)
{
	const struct ws	*ws = &c->ws;
	bool		 out_done, in_done, back_done;

	if (((r->drain_deadline && now >= r->drain_deadline) ||
	    (ws->close_want && now >= ws->close_deadline)) &&
	    !relay_peer_draining(c, r)) {
		if (buf_len(&c->to_client) || buf_len(&c->to_backend))
			log_warnx("%s: no progress for %d ms while closing; "
			    "%zu bytes for the client and %zu for the backend "
			    "dropped", c->peer, CLOSE_WAIT_MS,
			    r->cli_gone ? 0 : buf_len(&c->to_client),
			    c->target.fd == -1 ? 0 : buf_len(&c->to_backend));
		return true;
	}
	out_done = r->cli_gone || (r->cli_eof && !ws->close_rcvd) ||
	    (ws->close_sent && buf_len(&c->to_client) == 0);
	in_done = relay_client_done(c, r);
	back_done = c->target.fd == -1 || r->back_shut;
	return out_done && in_done && back_done;
}

/*
 * Write what is queued before asking poll(): a socket is usually
 * writable, and waiting to be told so costs a system call per message.
 * Only a side that last said EAGAIN waits for POLLOUT.  Returns whether
 * any bytes left a buffer.
 */
static bool
relay_write_first(struct conn *c, struct relay *r)
{
	size_t	 before = buf_len(&c->to_backend) + buf_len(&c->to_client);

	if (buf_len(&c->to_backend) > 0 && c->target.fd != -1 &&
	    !r->back_full)
		relay_write_backend(c, r);
	if (buf_len(&c->to_client) > 0 && !r->cli_gone && !r->cli_full)
		relay_write_client(c, r);
	return buf_len(&c->to_backend) + buf_len(&c->to_client) < before;
}

/* Housekeeping between polls: close on backend EOF, FIN the backend. */
static void
relay_step(struct conn *c, struct relay *r, int64_t now)
{
	if (r->back_eof && !c->ws.close_want)
		ws_fail(c, CLOSE_NORMAL, NULL);
	ws_flush_close(c);
	if (relay_client_done(c, r) && !r->drain_deadline)
		r->drain_deadline = now + CLOSE_WAIT_MS;
	if (!r->closing && (c->ws.close_want || r->drain_deadline))
		relay_progress(c, r);
	if (relay_client_done(c, r) && c->target.fd != -1 && !r->back_shut &&
	    buf_len(&c->to_backend) == 0) {
		(void)shutdown(c->target.fd, SHUT_WR);
		r->back_shut = true;
	}
}

static void
relay_events(struct conn *c, const struct relay *r, struct pollfd *pfd)
{
	const struct ws	*ws = &c->ws;
	short		 cin = 0, cout = 0, back = 0;

	if (!r->cli_eof && buf_room(&c->rx) > 0)
		cin = POLLIN;
	if (!r->cli_gone && buf_len(&c->to_client) > 0)
		cout = POLLOUT;
	if (c->target.fd != -1) {
		if (!r->back_eof && !ws->close_want &&
		    buf_room(&c->to_client) >= BACKEND_READ_MIN)
			back |= POLLIN;
		if (buf_len(&c->to_backend) > 0)
			back |= POLLOUT;
	}
	/* A descriptor with no interest is left out, so its HUP or ERR
	 * cannot spin the loop before we are ready to act on it. */
	pfd[P_CLI_IN].fd = cin ? c->cli_in : -1;
	pfd[P_CLI_IN].events = cin;
	/* Not reading the client still means noticing that it is gone:
	 * with no events asked, poll() reports only its ERR or HUP. */
	if (!cin && !r->cli_eof)
		pfd[P_CLI_IN].fd = c->cli_in;
	pfd[P_CLI_OUT].fd = cout ? c->cli_out : -1;
	pfd[P_CLI_OUT].events = cout;
	if (c->cli_in == c->cli_out && cin && cout) {
		pfd[P_CLI_IN].events |= POLLOUT;
		pfd[P_CLI_OUT].fd = -1;
	}
	pfd[P_BACK].fd = back ? c->target.fd : -1;
	pfd[P_BACK].events = back;
}

static int
relay_timeout(const struct relay *r, int64_t timer)
{
	int64_t	 d = r->drain_deadline;

	if (timer && (!d || timer < d))
		d = timer;
	return io_timeout(d);
}

/*
 * Relay until done.  The 101 and anything the client sent with its request
 * are already in c->to_client and c->rx.  Sets c->close_code and
 * c->exit_status (1 when the backend failed).
 */
void
relay_run(struct conn *c)
{
	struct relay	 r = { 0 };
	struct pollfd	 pfd[P_N];
	int64_t		 now, timer;
	short		 ev;
	bool		 pending;

	ws_init(c);
	for (;;) {
		now = now_ms();
		/* Writing made room: parse what the client sent meanwhile
		 * before waiting, or a client that has sent everything and
		 * waits for its echo would wait forever. */
		ws_client_input(c);
		while (relay_write_first(c, &r) && buf_len(&c->rx) > 0)
			ws_client_input(c);
		timer = ws_timers(c, now);
		relay_step(c, &r, now);
		if (relay_done(c, &r, now))
			break;
		relay_events(c, &r, pfd);
		/* Decrypted bytes inside TLS: read them without waiting. */
		pending = (pfd[P_CLI_IN].events & POLLIN) && client_pending(c);
		if (poll(pfd, P_N, pending ? 0 : relay_timeout(&r, timer)) ==
		    -1) {
			if (errno == EINTR)
				continue;
			log_warn("%s: poll", c->peer);
			break;
		}
		ev = pfd[P_CLI_IN].revents | (pending ? POLLIN : 0);
		if (pfd[P_CLI_OUT].fd == -1 && (pfd[P_CLI_IN].events & POLLOUT))
			pfd[P_CLI_OUT].revents = ev & (POLLOUT | POLLERR |
			    POLLHUP);
		if (pfd[P_CLI_OUT].revents && buf_len(&c->to_client) > 0) {
			r.cli_full = false;
			relay_write_client(c, &r);
		}
		if ((ev & (POLLIN | POLLERR | POLLHUP)) &&
		    (pfd[P_CLI_IN].events & POLLIN))
			relay_read_client(c, &r);
		else if (ev & (POLLERR | POLLHUP))
			relay_client_hangup(c, &r);
		ev = pfd[P_BACK].revents;
		if (ev && (pfd[P_BACK].events & POLLOUT) &&
		    c->target.fd != -1) {
			r.back_full = false;
			relay_write_backend(c, &r);
		}
		if (ev && (pfd[P_BACK].events & POLLIN) && c->target.fd != -1)
			relay_read_backend(c, &r);
	}
	if (c->close_code == CLOSE_BACKEND)
		c->exit_status = EXIT_FAIL;
	if (!r.cli_eof)
		client_linger(c, CLOSE_WAIT_MS);
	target_close(&c->target);
	ws_free(c);
}
