/*
 * relay.c: one poll() loop moves the WebSocket between the client and the
 * backend until both sides are done.  Backpressure lives in the poll
 * events, recomputed each turn: a side is read only while the buffer it
 * feeds has room, so memory stays at the three fixed buffers whatever the
 * peers do.  Closing drains first: bytes accepted from one side reach the
 * other before the connection ends, and every wait is bounded.
 *
 * A socket backend is one descriptor both ways (target.wfd == target.fd).
 * An exec: program is three pipes and a process: its stdout is read
 * (target.fd), its stdin written (target.wfd), and "shutdown" closes stdin;
 * its stderr is logged and its exit read from a pidfd (exec_child.c).  The
 * Close waits for both its stdout's end and its exit status: 1000 for
 * status 0, else 1011.  With --pty (pty.c) stdin and stdout are one
 * master: closing it hangs the terminal up, and a program that dies of
 * that SIGHUP after the client is done ended normally (1000).  The relay never ends before the program is reaped
 * or given up on after SIGKILL.
 *
 * SIGTERM or SIGINT (stop.c) during the relay: Close 1001 to the client,
 * whose data still reaches the backend until its Close or EOF, then the
 * backend's FIN (an exec: program's stdin closed), all within one
 * CLOSE_WAIT_MS from the signal whatever progress the peers make; then
 * the access line and exit 0, as after any close.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <linux/sockios.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "backsplice.h"
#include "client.h"
#include "exec_child.h"
#include "io.h"
#include "log.h"
#include "record.h"
#include "relay.h"
#include "stop.h"
#include "wsinetd.h"

#define BACKEND_READ_MIN	(4 + 4096)	/* room to frame a read */

#define EXEC_SINK	16384		/* stdout after our Close: dropped */
#define STOP_LINGER_MIN	500		/* ms: the FIN's drain after a stop */

enum { P_CLI_IN, P_CLI_OUT, P_BACK, P_BACK_W, P_ERR, P_CHILD, P_N };

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
	bool	 exec;		/* the backend is an exec: program */
	bool	 abandoned;	/* exec: client given up, program not yet */
	bool	 cli_fin;	/* the client's FIN, seen unread */
	int64_t	 stop_deadline;	/* SIGTERM/SIGINT: the end, at the latest */
	struct exec_child x;	/* exec: its stderr, status and timers */
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
 * Room for the backend's next read: a frame's worth in c->to_client, or,
 * when it is spliced (backsplice.c), an empty pipe and a header's room.
 */
static bool
relay_back_room(const struct conn *c)
{
	if (backsplice_want(c))
		return c->bsp.len == 0 && buf_room(&c->to_client) >= 4;
	return buf_room(&c->to_client) >= BACKEND_READ_MIN;
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
	r->outq[Q_BACK] = relay_outq(c->target.wfd);
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
	int	 back = relay_outq(c->target.wfd);
	bool	 moved;

	moved = (backsplice_queued(c) && cli >= 0 && cli < r->outq[Q_CLI]) ||
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

	if (c->bsp.on)
		n = backsplice_write(c);	/* consumes what it wrote */
	else if ((n = client_write(c, buf_head(&c->to_client),
	    buf_len(&c->to_client))) > 0)
		buf_consume(&c->to_client, (size_t)n);
	if (n > 0) {
		r->cli_full = backsplice_queued(c) > 0;
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

/* exec: the program's stdout ended (or failed): stop reading it.  With
 * --pty its stdin and stdout are one master: its end is both ends. */
static void
relay_exec_out_end(struct conn *c, struct relay *r)
{
	if (c->target.pty)
		c->target.wfd = -1;
	if (c->target.fd != -1) {
		close(c->target.fd);
		c->target.fd = -1;
	}
	r->back_eof = true;
	if (c->target.pty)
		buf_consume(&c->to_backend, buf_len(&c->to_backend));
}

/* exec: close the program's stdin, dropping what it did not take.  With
 * --pty that closes the master: the terminal hangs up (SIGHUP). */
static void
relay_exec_close_stdin(struct conn *c, struct relay *r)
{
	if (c->target.pty) {
		relay_exec_out_end(c, r);
		return;
	}
	if (c->target.wfd != -1) {
		close(c->target.wfd);
		c->target.wfd = -1;
	}
	buf_consume(&c->to_backend, buf_len(&c->to_backend));
}

static void
relay_backend_error(struct conn *c, struct relay *r, const char *what,
    int err)
{
	char	 why[256];

	if (r->exec && err == EPIPE) {
		/* It closed its stdin (or exited): its status will tell. */
		log_info("%s: exec %s: its stdin is closed; %zu bytes for it "
		    "dropped", c->peer, c->target.argv[0],
		    buf_len(&c->to_backend));
		relay_exec_close_stdin(c, r);
		return;
	}
	snprintf(why, sizeof(why), "backend %s %s: %s", c->target.spec, what,
	    strerror(err));
	ws_fail(c, CLOSE_BACKEND, why);
	if (r->exec) {
		relay_exec_close_stdin(c, r);
		relay_exec_out_end(c, r);
		return;
	}
	target_close(&c->target);
	c->target.wfd = -1;
	buf_consume(&c->to_backend, buf_len(&c->to_backend));
}

/* exec after our Close: read the program's stdout and drop it, so it is
 * never stuck writing and gets to see its stdin's end and exit. */
static int
relay_exec_sink(struct conn *c)
{
	uint8_t	 sink[EXEC_SINK];
	ssize_t	 n = read(c->target.fd, sink, sizeof(sink));

	return n >= 0 ? (int)n : -errno;
}

static void
relay_read_backend(struct conn *c, struct relay *r)
{
	int	 n;

	if (r->exec && c->ws.close_want)
		n = relay_exec_sink(c);
	else if (c->bsp.on)
		n = backsplice_read(c, c->target.fd);
	else
		n = ws_backend_frame(c, c->target.fd);
	if (n == -EIO && c->target.pty)
		n = 0;		/* no process holds the terminal: its EOF */
	if (n > 0) {
		c->ws.last_active = now_ms();
		return;
	}
	if (n == 0) {
		if (c->ws.ncarry)
			log_warnx("%s: backend ended inside a UTF-8 sequence; "
			    "%u bytes dropped", c->peer, c->ws.ncarry);
		if (!r->exec) {
			r->back_eof = true;
			return;
		}
		if (!c->ws.close_want && ws_backend_eof(c) == -EILSEQ)
			ws_fail(c, CLOSE_BACKEND, "backend output ended inside "
			    "a UTF-8 sequence with --text");
		relay_exec_out_end(c, r);
		return;
	}
	if (n == -EAGAIN || n == -EINTR)
		return;
	if (n == -EILSEQ) {
		ws_fail(c, CLOSE_BACKEND, "backend sent invalid UTF-8 with "
		    "--text");
		if (r->exec)
			relay_exec_out_end(c, r);
		else {
			target_close(&c->target);
			c->target.wfd = -1;
		}
		return;
	}
	relay_backend_error(c, r, "read", -n);
}

static void
relay_write_backend(struct conn *c, struct relay *r)
{
	ssize_t	 n;

	n = write(c->target.wfd, buf_head(&c->to_backend),
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
	relay_backend_error(c, r, "write", n < 0 ? errno : EPIPE);
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

/* exec: the program is reaped (or given up on), its stdout ended and
 * its stdin closed. */
static bool
relay_exec_finished(const struct conn *c, const struct relay *r)
{
	const struct exec_child *x = &r->x;

	return (x->exited || x->gave_up) && (r->back_eof || x->gave_up) &&
	    c->target.wfd == -1;
}

/*
 * exec: the client side is over but the program is not: give up on the
 * client (its bytes are dropped) and let the grace periods end the program.
 */
static void
relay_exec_abandon(struct conn *c, struct relay *r)
{
	r->abandoned = true;
	r->cli_gone = r->cli_eof = true;
	r->drain_deadline = 0;
	buf_consume(&c->to_client, buf_len(&c->to_client));
	relay_exec_close_stdin(c, r);
	if (r->x.end_at == 0)
		r->x.end_at = now_ms();		/* the grace periods start */
}

/* SIGTERM or SIGINT arrived: close 1001 and bound the rest. */
static void
relay_stop(struct conn *c, struct relay *r, int64_t now)
{
	r->stop_deadline = now + CLOSE_WAIT_MS;
	if (c->ws.close_want) {
		log_info("%s: %s while closing", c->peer, stop_name());
		return;
	}
	c->ws.close_text = STOP_WHY;
	ws_fail(c, CLOSE_GOING_AWAY, stop_name());
}

/* Is there nothing left to do, or has the bounded wait for it ended? */
static bool
relay_done(struct conn *c, struct relay *r, int64_t now)
{
	const struct ws	*ws = &c->ws;
	bool		 out_done, in_done, back_done, stopped;

	stopped = r->stop_deadline && now >= r->stop_deadline;
	if (!r->abandoned && (stopped || (((r->drain_deadline &&
	    now >= r->drain_deadline) || (ws->close_want &&
	    now >= ws->close_deadline)) && !relay_peer_draining(c, r)))) {
		if (backsplice_queued(c) || buf_len(&c->to_backend))
			log_warnx("%s: %s %d ms while closing; "
			    "%zu bytes for the client and %zu for the backend "
			    "dropped", c->peer, stopped ?
			    "stopping: done after" : "no progress for",
			    CLOSE_WAIT_MS,
			    r->cli_gone ? 0 : backsplice_queued(c),
			    c->target.wfd == -1 ? 0 : buf_len(&c->to_backend));
		if (!r->exec || relay_exec_finished(c, r))
			return true;
		relay_exec_abandon(c, r);
		return false;
	}
	out_done = r->cli_gone || (r->cli_eof && !ws->close_rcvd) ||
	    (ws->close_sent && backsplice_queued(c) == 0);
	in_done = relay_client_done(c, r);
	if (r->exec)
		back_done = relay_exec_finished(c, r);
	else
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
	size_t	 before = buf_len(&c->to_backend) + backsplice_queued(c);

	if (buf_len(&c->to_backend) > 0 && c->target.wfd != -1 &&
	    !r->back_full)
		relay_write_backend(c, r);
	if (backsplice_queued(c) > 0 && !r->cli_gone && !r->cli_full)
		relay_write_client(c, r);
	return buf_len(&c->to_backend) + backsplice_queued(c) < before;
}

/* --pty: the program died of the SIGHUP that hanging its terminal up
 * sent, once the client was done: the session's normal end. */
static bool
relay_pty_hung_up(const struct conn *c, const struct relay *r)
{
	return c->target.pty && WIFSIGNALED(r->x.status) &&
	    WTERMSIG(r->x.status) == SIGHUP && relay_client_done(c, r);
}

/* exec: the program exited; its status, once, in the log. */
static void
relay_exec_reaped(struct conn *c, struct relay *r)
{
	struct exec_child *x = &r->x;
	char		 what[64];

	x->exited = true;
	exec_child_describe(x->status, what, sizeof(what));
	/* Our own signal after the client left is no news; a status
	 * that becomes the close code (1011) is. */
	if (x->status == 0 || relay_pty_hung_up(c, r) || (x->sent &&
	    WIFSIGNALED(x->status) && relay_client_done(c, r)))
		log_info("%s: exec %s: %s", c->peer, c->target.argv[0], what);
	else
		log_warnx("%s: exec %s: %s", c->peer, c->target.argv[0], what);
}

/*
 * exec housekeeping: close stdin once the relay is done with the program
 * (start of the grace periods), and once its stdout ended and it exited,
 * close the WebSocket with 1000 for status 0, else 1011.
 */
static void
relay_exec_step(struct conn *c, struct relay *r, int64_t now)
{
	struct exec_child *x = &r->x;
	bool		 ending = relay_client_done(c, r) || r->back_eof;

	if (!x->exited && c->target.pidfd == -1 &&
	    exec_child_reap(&c->target, &x->status))
		relay_exec_reaped(c, r);	/* no pidfd: asked each turn */
	if (ending && c->target.wfd != -1 && buf_len(&c->to_backend) == 0)
		relay_exec_close_stdin(c, r);
	if (ending && c->target.wfd == -1 && x->end_at == 0)
		x->end_at = now;
	if (!r->back_eof || c->ws.close_want)
		return;
	if (x->gave_up)
		ws_fail(c, CLOSE_BACKEND, NULL);
	else if (x->exited)
		ws_fail(c, x->status == 0 || relay_pty_hung_up(c, r) ?
		    CLOSE_NORMAL : CLOSE_BACKEND, NULL);
}

/* Housekeeping between polls: close on backend EOF, FIN the backend. */
static void
relay_step(struct conn *c, struct relay *r, int64_t now)
{
	if (r->exec)
		relay_exec_step(c, r, now);
	else if (r->back_eof && !c->ws.close_want)
		ws_fail(c, CLOSE_NORMAL, NULL);
	ws_flush_close(c);
	if (r->abandoned)
		return;
	if ((relay_client_done(c, r) || r->cli_fin) && !r->drain_deadline)
		r->drain_deadline = now + CLOSE_WAIT_MS;
	if (!r->closing && (c->ws.close_want || r->drain_deadline))
		relay_progress(c, r);
	if (!r->exec && relay_client_done(c, r) && c->target.fd != -1 &&
	    !r->back_shut && buf_len(&c->to_backend) == 0) {
		(void)shutdown(c->target.fd, SHUT_WR);
		r->back_shut = true;
	}
}

static void
relay_events(struct conn *c, const struct relay *r, struct pollfd *pfd)
{
	const struct ws	*ws = &c->ws;
	short		 cin = 0, cout = 0, back = 0, wback = 0;

	if (!r->cli_eof && buf_room(&c->rx) > 0)
		cin = POLLIN;
	if (!r->cli_gone && backsplice_queued(c) > 0)
		cout = POLLOUT;
	if (r->exec) {
		/* After our Close its stdout is read and dropped. */
		if (c->target.fd != -1 && !r->back_eof && (ws->close_want ||
		    buf_room(&c->to_client) >= BACKEND_READ_MIN))
			back = POLLIN;
		if (c->target.wfd != -1 && buf_len(&c->to_backend) > 0)
			wback = POLLOUT;
	} else if (c->target.fd != -1) {
		if (!r->back_eof && !ws->close_want && relay_back_room(c))
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
	if (!cin && !r->cli_eof) {
		pfd[P_CLI_IN].fd = c->cli_in;
		/* A backend or program that stops reading must not keep us
		 * waiting for a client that has left: notice its FIN. */
		if (!r->cli_fin)
			pfd[P_CLI_IN].events = POLLRDHUP;
		/* A pipe (ucspi.c) has no POLLRDHUP: its writer's close is a
		 * POLLHUP, reported unasked and for as long as it lasts, so
		 * once seen it is not watched until there is room to read. */
		else if (c->cli_pipe)
			pfd[P_CLI_IN].fd = -1;
	}
	pfd[P_CLI_OUT].fd = cout ? c->cli_out : -1;
	pfd[P_CLI_OUT].events = cout;
	if (c->cli_in == c->cli_out && cin && cout) {
		pfd[P_CLI_IN].events |= POLLOUT;
		pfd[P_CLI_OUT].fd = -1;
	}
	pfd[P_BACK].fd = back ? c->target.fd : -1;
	pfd[P_BACK].events = back;
	pfd[P_BACK_W].fd = wback ? c->target.wfd : -1;
	pfd[P_BACK_W].events = wback;
	pfd[P_ERR].fd = r->exec ? c->target.efd : -1;
	pfd[P_ERR].events = POLLIN;
	pfd[P_CHILD].fd = r->exec && !r->x.exited ? c->target.pidfd : -1;
	pfd[P_CHILD].events = POLLIN;
}

static int
relay_timeout(const struct relay *r, int64_t timer, int64_t exec_timer)
{
	int64_t	 d = r->drain_deadline;

	if (r->stop_deadline && (!d || r->stop_deadline < d))
		d = r->stop_deadline;
	if (timer && (!d || timer < d))
		d = timer;
	if (exec_timer && (!d || exec_timer < d))
		d = exec_timer;
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
	int64_t		 now, timer, exec_timer = 0;
	short		 ev;
	bool		 pending;

	ws_init(c);
	r.exec = c->target.kind == TARGET_EXEC;
	if (!r.exec) {
		c->target.wfd = c->target.fd;	/* one socket, both ways */
		c->target.efd = c->target.pidfd = -1;
	}
	for (;;) {
		now = now_ms();
		if (cfg.stop_signal && !r.stop_deadline)
			relay_stop(c, &r, now);
		/* Writing made room: parse what the client sent meanwhile
		 * before waiting, or a client that has sent everything and
		 * waits for its echo would wait forever. */
		ws_client_input(c);
		while (relay_write_first(c, &r) && buf_len(&c->rx) > 0)
			ws_client_input(c);
		timer = r.abandoned ? 0 : ws_timers(c, now);
		relay_step(c, &r, now);
		if (relay_done(c, &r, now))
			break;
		if (r.exec)
			exec_timer = exec_child_timers(c, &r.x, r.back_eof, now);
		relay_events(c, &r, pfd);
		record_flush(c);	/* --record: this turn's lines */
		/* Decrypted bytes inside TLS: read them without waiting. */
		pending = (pfd[P_CLI_IN].events & POLLIN) && client_pending(c);
		if (stop_ppoll(pfd, P_N, pending ? 0 : relay_timeout(&r,
		    timer, exec_timer)) == -1) {
			if (errno == EINTR)
				continue;
			log_warn("%s: poll", c->peer);
			break;
		}
		ev = pfd[P_CLI_IN].revents | (pending ? POLLIN : 0);
		if (pfd[P_CLI_OUT].fd == -1 && (pfd[P_CLI_IN].events & POLLOUT))
			pfd[P_CLI_OUT].revents = ev & (POLLOUT | POLLERR |
			    POLLHUP);
		if (pfd[P_CLI_OUT].revents && backsplice_queued(c) > 0) {
			r.cli_full = false;
			relay_write_client(c, &r);
		}
		if ((ev & (POLLIN | POLLERR | POLLHUP)) &&
		    (pfd[P_CLI_IN].events & POLLIN))
			relay_read_client(c, &r);
		else if (c->cli_pipe && (ev & (POLLERR | POLLHUP)) == POLLHUP)
			r.cli_fin = true;	/* its bytes still to read */
		else if (ev & (POLLERR | POLLHUP))
			relay_client_hangup(c, &r);
		else if (ev & POLLRDHUP)
			r.cli_fin = true;	/* bounds the drain below */
		ev = pfd[P_BACK].revents;
		if (ev && (pfd[P_BACK].events & POLLOUT) &&
		    c->target.fd != -1) {
			r.back_full = false;
			relay_write_backend(c, &r);
		}
		if (ev && (pfd[P_BACK].events & POLLIN) && c->target.fd != -1)
			relay_read_backend(c, &r);
		if (pfd[P_BACK_W].revents && c->target.wfd != -1) {
			r.back_full = false;
			relay_write_backend(c, &r);
		}
		if (pfd[P_ERR].revents)
			exec_child_stderr(c, &r.x, false);
		if (pfd[P_CHILD].revents &&
		    exec_child_reap(&c->target, &r.x.status))
			relay_exec_reaped(c, &r);
	}
	if (r.exec)
		exec_child_stderr(c, &r.x, true);	/* its last words */
	if (c->close_code == CLOSE_BACKEND)
		c->exit_status = EXIT_FAIL;
	/* After a stop the drain shares the stop's bound, so that the
	 * access line is written before systemd's TimeoutStopSec. */
	if (!r.cli_eof)
		client_linger(c, !r.stop_deadline ? CLOSE_WAIT_MS :
		    r.stop_deadline - now_ms() > STOP_LINGER_MIN ?
		    (int)(r.stop_deadline - now_ms()) : STOP_LINGER_MIN);
	target_close(&c->target);
	backsplice_close(c);
	ws_free(c);
}
