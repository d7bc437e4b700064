/*
 * splice.c: the passthrough's relay.  Bytes go both ways unchanged:
 * client -> backend through c->rx (which already holds what came after
 * the request head) and c->to_backend, backend -> client through
 * c->to_client.  Between c->rx and c->to_backend, pass_frame.c finds
 * where each request ends, so that the next request's head on a
 * keep-alive connection is rewritten like the first; after an upgrade
 * the bytes just pass.  Either end
 * may be TLS (the client's session in c->tls, the backend's from
 * tls_client.c); both are driven through tls.c's record functions, which
 * have read(2)/write(2) semantics, exactly as client.c does for the client.
 *
 * Each turn tries every move that has bytes or room (write first, then
 * read), and only when nothing moved waits in poll() for the events that
 * would let something move: backpressure is the buffers' room.  An end's
 * EOF, once the bytes read before it are delivered, becomes a FIN
 * (after a TLS close_notify) to the other end, whose other direction goes
 * on: half-close is propagated.  Once one direction is done, the other
 * must make progress every CLOSE_WAIT_MS or the connection ends; before
 * that the peers decide (and --idle-timeout, when given, bounds silence).
 * SIGTERM or SIGINT (stop.c) ends the client's direction as its EOF would
 * (the backend gets our FIN once what it was sent is delivered) and gives
 * the backend one CLOSE_WAIT_MS to finish, whatever its progress.
 *
 * The first response's head is held until it is complete (1xx heads pass
 * as each completes): the backend has --handshake-timeout for it, counted
 * from when the request's last byte so far reached it, and one that
 * stays silent or stalls inside the head gets the client a 504, as one
 * that does not accept does.  A head that fills c->to_client, or an EOF,
 * lets what is held pass.  Neither a body after the head nor the
 * responses to later keep-alive requests are bounded here: those are the
 * peers' to time out, and --idle-timeout's.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "http.h"
#include "io.h"
#include "log.h"
#include "pass_frame.h"
#include "pass_status.h"
#include "splice.h"
#include "stop.h"
#include "tls.h"
#include "wsinetd.h"

#define SPLICE_READ_MIN	16384		/* contiguous room asked per read */

/* One end of the splice: the client or the backend. */
struct end {
	const char	*name;		/* "client" or "backend", for logs */
	int		 in, out;	/* equal except inetd fds 0/1 */
	struct tls	*tls;		/* NULL: plain */
	bool		 eof;		/* nothing more will be read from it */
	bool		 fin;		/* ... because it ended (EOF, error) */
	bool		 reset;		/* ... because reading it failed */
	bool		 shut;		/* we sent it FIN (or it is gone) */
	bool		 gone;		/* writing to it failed */
	bool		 hup;		/* poll() said POLLHUP, unasked */
	bool		 pipe;		/* out is a UCSPI pipe: FIN = close */
};

struct splice {
	struct conn	*c;
	struct pass_up	 up;
	struct end	 cli, back;
	int64_t		 close_deadline;	/* 0 until a direction is done */
	int64_t		 last_active;		/* for --idle-timeout */
	uint64_t	 from_back;		/* bytes the backend sent */
	struct pass_status st;			/* its final response's */
	bool		 holding;		/* its head is not complete */
	int64_t		 head_deadline;		/* ... by then: 504 */
	bool		 no_head;		/* ... and it was not */
	bool		 no_response;		/* backend closed, sent nothing */
	bool		 refused;		/* a later request's refusal is
						 * queued for the client */
	int64_t		 stop_deadline;		/* SIGTERM/SIGINT: the end */
};

static ssize_t
end_read(struct end *e, void *p, size_t len)
{
	if (e->tls != NULL)
		return tls_recv(e->tls, p, len);
	return read(e->in, p, len);
}

static ssize_t
end_write(struct end *e, const void *p, size_t len)
{
	if (e->tls != NULL)
		return tls_send(e->tls, p, len);
	return write(e->out, p, len);
}

/* Our FIN to e: close_notify first on TLS (bounded), then SHUT_WR, or
 * for a UCSPI pipe closing it (e->out is then -1). */
static void
end_shut(struct end *e)
{
	if (!e->shut && !e->gone) {
		if (e->tls != NULL)
			tls_bye(e->tls, e->out, now_ms() + CLOSE_WAIT_MS);
		if (e->pipe) {
			close(e->out);
			e->out = -1;
		} else
			(void)shutdown(e->out, SHUT_WR);
	}
	e->shut = true;
}

/* The final response's status, once known -> c->status and pass_frame.c. */
static void
splice_status(struct splice *s, const uint8_t *p, size_t n)
{
	if (s->st.done)
		return;
	pass_status_feed(&s->st, p, n);
	if (s->st.done)
		s->holding = false;
	if (s->st.status > 0)
		s->c->status = s->st.status;
	s->up.status = s->st.status;	/* -1: known, not HTTP */
}

/* How much of c->to_client may go: all but an incomplete first head. */
static size_t
splice_passable(struct splice *s)
{
	struct buf	*b = &s->c->to_client;
	uint64_t	 at;

	if (!s->holding)
		return buf_len(b);
	at = s->from_back - buf_len(b);	/* b's first byte, in the stream */
	return s->st.ready > at ? (size_t)(s->st.ready - at) : 0;
}

/* Write the first len bytes b holds to dst.  Returns bytes moved. */
static size_t
splice_write(struct splice *s, struct buf *b, size_t len, struct end *dst,
    uint64_t *delivered)
{
	ssize_t	 n;

	if (len == 0 || dst->gone)
		return 0;
	n = end_write(dst, buf_head(b), len);
	if (n > 0) {
		buf_consume(b, (size_t)n);
		*delivered += (uint64_t)n;
		return (size_t)n;
	}
	if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
		log_info("%s: %s write: %s", s->c->peer, dst->name,
		    n == 0 ? "no progress" : strerror(errno));
		dst->gone = dst->shut = true;
	}
	return 0;
}

/* Read from src into b's room.  Returns bytes moved. */
static size_t
splice_read(struct splice *s, struct end *src, struct buf *b)
{
	size_t	 room;
	ssize_t	 n;

	if (src->eof || buf_room(b) == 0 ||
	    (room = buf_tail_room(b, SPLICE_READ_MIN)) == 0)
		return 0;
	n = end_read(src, buf_tail(b), room);
	if (n > 0) {
		if (src == &s->back) {
			splice_status(s, buf_tail(b), (size_t)n);
			s->from_back += (uint64_t)n;
		}
		b->end += (size_t)n;
		return (size_t)n;
	}
	if (n == 0) {
		src->eof = src->fin = true;
	} else if (errno != EAGAIN && errno != EINTR) {
		log_info("%s: %s read: %s", s->c->peer, src->name,
		    strerror(errno));
		src->eof = src->fin = src->reset = true;
	}
	return 0;
}

/*
 * One turn: every move that has bytes or room, then what an end's
 * failure or EOF means for the other.  Returns bytes moved.
 */
static size_t
splice_turn(struct splice *s)
{
	struct conn	*c = s->c;
	size_t		 moved;
	bool		 up_drained;

	moved = splice_write(s, &c->to_backend, buf_len(&c->to_backend),
	    &s->back, &c->in_bytes);
	moved += splice_read(s, &s->cli, &c->rx);
	moved += pass_up_frame(c, &s->up);
	if (s->up.mode == UP_STOP)
		s->cli.eof = true;	/* no more requests are passed on */
	moved += splice_write(s, &c->to_client, splice_passable(s), &s->cli,
	    &c->out_bytes);
	moved += splice_read(s, &s->back, &c->to_client);
	/* What is held passes once no more of the head can come, or no
	 * more fits. */
	if (s->holding && (s->back.eof || buf_room(&c->to_client) == 0)) {
		s->holding = false;
		return moved + 1;
	}
	/* Nothing can reach a gone end: drop what was for it and stop
	 * reading what would be. */
	if (s->back.gone) {
		buf_consume(&c->rx, buf_len(&c->rx));
		buf_consume(&c->to_backend, buf_len(&c->to_backend));
		s->cli.eof = true;
	}
	if (s->cli.gone) {
		buf_consume(&c->to_client, buf_len(&c->to_client));
		s->back.eof = true;
	}
	/* A partial head at the client's end will never be complete. */
	up_drained = buf_len(&c->to_backend) == 0 && (buf_len(&c->rx) == 0 ||
	    s->up.mode == UP_HEAD || s->up.mode == UP_STOP);
	if (s->cli.eof && up_drained && !s->back.shut)
		end_shut(&s->back);
	if (s->back.eof && buf_len(&c->to_client) == 0 && !s->cli.shut &&
	    s->up.refusal != 0 && !s->refused && !s->cli.gone &&
	    s->from_back > 0) {
		/* The backend answered all it was sent: now the later
		 * request the gate refused gets its answer. */
		c->to_client.end += http_refusal(s->up.refusal,
		    s->up.refusal_why, (char *)buf_tail(&c->to_client),
		    buf_tail_room(&c->to_client, 1024));
		s->refused = true;
		return moved + 1;
	}
	if (s->back.eof && buf_len(&c->to_client) == 0 && !s->cli.shut) {
		if (s->from_back == 0 && !s->cli.gone)
			s->no_response = true;	/* the caller answers 502 */
		else
			end_shut(&s->cli);
	}
	return moved;
}

static void
splice_events(struct splice *s, struct pollfd *pfd)
{
	struct conn	*c = s->c;
	struct end	*cli = &s->cli, *back = &s->back;
	short		 ev;

	/* The client: reading while c->rx has room; writing while
	 * to_client holds bytes; a TLS read blocked on writing (a
	 * renegotiation or key update answer) waits for room. */
	pfd[0].fd = cli->in;
	pfd[0].events = !cli->eof && buf_room(&c->rx) > 0 ? POLLIN : 0;
	pfd[1].fd = cli->out;
	pfd[1].events = !cli->gone && (splice_passable(s) > 0 ||
	    (pfd[0].events && cli->tls != NULL && tls_want_write(cli->tls))) ?
	    POLLOUT : 0;
	/* With no event asked, poll() still reports an error (a reset)
	 * on an end we have not finished with. */
	if (!pfd[0].events && (cli->eof || cli->hup))
		pfd[0].fd = -1;
	if (!pfd[1].events)
		pfd[1].fd = -1;
	ev = 0;
	if (!back->eof && buf_room(&c->to_client) > 0)
		ev |= POLLIN;
	if (!back->gone && (buf_len(&c->to_backend) > 0 || ((ev & POLLIN) &&
	    back->tls != NULL && tls_want_write(back->tls))))
		ev |= POLLOUT;
	pfd[2].fd = ev || (!back->eof && !back->hup) ? back->in : -1;
	pfd[2].events = ev;
}

/* Is decrypted input waiting inside a TLS session that poll() misses? */
static bool
splice_pending(struct splice *s)
{
	return (!s->cli.eof && s->cli.tls != NULL && buf_room(&s->c->rx) > 0 &&
	    tls_pending(s->cli.tls)) || (!s->back.eof && s->back.tls != NULL &&
	    buf_room(&s->c->to_client) > 0 && tls_pending(s->back.tls));
}

/* The soonest deadline, as a poll() timeout. */
static int
splice_timeout(struct splice *s)
{
	int64_t	 d = s->close_deadline, idle;

	if (s->stop_deadline && (!d || s->stop_deadline < d))
		d = s->stop_deadline;
	if (s->holding && (!d || s->head_deadline < d))
		d = s->head_deadline;

	if (cfg.idle_timeout > 0) {
		idle = s->last_active + (int64_t)cfg.idle_timeout * 1000;
		if (!d || idle < d)
			d = idle;
	}
	return io_timeout(d);
}

/*
 * An error poll() reported on an end we were not asking anything of.  A
 * hang-up alone (both halves shut, input still queued) is remembered and
 * not asked about again, or poll() would return at once every turn.
 */
static void
splice_errors(struct splice *s, const struct pollfd *pfd)
{
	if (pfd[0].fd != -1 && !pfd[0].events && (pfd[0].revents & POLLHUP))
		s->cli.hup = true;
	if (pfd[2].fd != -1 && !pfd[2].events && (pfd[2].revents & POLLHUP))
		s->back.hup = true;
	if (pfd[0].fd != -1 && !pfd[0].events && (pfd[0].revents & POLLERR)) {
		log_info("%s: client connection failed", s->c->peer);
		s->cli.eof = s->cli.fin = s->cli.reset = s->cli.gone =
		    s->cli.shut = true;
	}
	if (pfd[2].fd != -1 && !pfd[2].events && (pfd[2].revents & POLLERR)) {
		log_info("%s: backend connection failed", s->c->peer);
		s->back.eof = s->back.fin = s->back.reset = s->back.gone =
		    s->back.shut = true;
	}
}

/*
 * Splice until both directions are done or the closing bound passes.
 * bt is the backend's TLS session or NULL.  Returns 0, or 502 when the
 * backend closed before sending a byte, 504 when its first head was not
 * complete in time, 503 when stopped before it answered (nothing has
 * reached the client: the caller answers it).  Sets c->status from the
 * backend's final status line, the byte counters, and c->exit_status (1
 * when the backend failed).
 */
int
splice_run(struct conn *c, struct tls *bt)
{
	struct splice	 s;		/* 17 KiB (pass_up), on the stack */
	struct pollfd	 pfd[3];
	int64_t		 now;
	size_t		 moved;
	uint64_t	 sent;
	int		 r;

	memset(&s, 0, sizeof(s));
	s.c = c;
	s.cli = (struct end){ .name = "client", .in = c->cli_in,
	    .out = c->cli_out, .tls = c->tls, .pipe = c->cli_pipe };
	s.back = (struct end){ .name = "backend", .in = c->target.fd,
	    .out = c->target.fd, .tls = bt };
	s.last_active = now_ms();
	s.holding = true;		/* the request's head was just sent */
	s.head_deadline = s.last_active + (int64_t)cfg.handshake_timeout * 1000;
	pass_up_start(&s.up, &c->req);
	pass_status_init(&s.st);
	c->exit_status = EXIT_OK;
	for (;;) {
		if (cfg.stop_signal && !s.stop_deadline) {
			log_warnx("%s: %s: the backend gets our FIN and %d ms "
			    "to finish", c->peer, stop_name(), CLOSE_WAIT_MS);
			s.stop_deadline = now_ms() + CLOSE_WAIT_MS;
			s.cli.eof = true;	/* as if the client ended */
		}
		sent = c->in_bytes;
		moved = splice_turn(&s);
		if (s.no_response)
			break;
		now = now_ms();
		/* A request body still going out: the backend's deadline for
		 * its head counts from the last byte it got. */
		if (s.holding && c->in_bytes != sent)
			s.head_deadline = now + (int64_t)cfg.handshake_timeout *
			    1000;
		if (moved > 0) {
			s.last_active = now;
			if (s.close_deadline)
				s.close_deadline = now + CLOSE_WAIT_MS;
			continue;
		}
		if (s.cli.shut && s.back.shut)
			break;			/* both directions done */
		if (s.stop_deadline && now >= s.stop_deadline) {
			if (s.from_back == 0 && !s.cli.gone) {
				s.no_response = true;	/* answered 503 */
				break;
			}
			log_warnx("%s: stopping: done after %d ms; %zu bytes "
			    "for the client dropped", c->peer, CLOSE_WAIT_MS,
			    s.cli.gone ? 0 : buf_len(&c->to_client));
			break;
		}
		if (s.holding && now >= s.head_deadline && !s.cli.gone) {
			s.no_head = true;		/* answered 504 */
			break;
		}
		/* While the head is awaited, its deadline bounds the wait
		 * (a client may half-close after its request). */
		if ((s.cli.shut || s.back.shut) && !s.close_deadline &&
		    (!s.holding || s.cli.gone))
			s.close_deadline = now + CLOSE_WAIT_MS;
		if (s.close_deadline && now >= s.close_deadline) {
			log_warnx("%s: no progress for %d ms after the %s "
			    "closed; %zu bytes for the client and %zu for the "
			    "backend dropped", c->peer, CLOSE_WAIT_MS,
			    s.back.shut ? "client" : "backend",
			    s.cli.gone ? 0 : buf_len(&c->to_client),
			    s.back.gone ? 0 : buf_len(&c->to_backend));
			break;
		}
		if (cfg.idle_timeout > 0 && now >= s.last_active +
		    (int64_t)cfg.idle_timeout * 1000) {
			log_info("%s: idle for %d s, closed", c->peer,
			    cfg.idle_timeout);
			break;
		}
		splice_events(&s, pfd);
		r = stop_ppoll(pfd, 3, splice_pending(&s) ? 0 :
		    splice_timeout(&s));
		if (r == -1 && errno != EINTR) {
			log_warn("%s: poll", c->peer);
			c->exit_status = EXIT_FAIL;
			break;
		}
		if (r > 0)
			splice_errors(&s, pfd);
	}
	if (s.back.reset)
		c->exit_status = EXIT_FAIL;
	if (s.no_response && s.stop_deadline) {
		log_warnx("%s: %s before backend %s responded, answered 503",
		    c->peer, stop_name(), c->target.spec);
		return 503;
	}
	if (s.no_response) {
		log_warnx("%s: backend %s closed the connection without a "
		    "response, answered 502", c->peer, c->target.spec);
		c->exit_status = EXIT_FAIL;
		return 502;
	}
	if (s.no_head) {
		if (s.from_back == 0)
			log_warnx("%s: backend %s sent no response head in "
			    "%d s, answered 504", c->peer, c->target.spec,
			    cfg.handshake_timeout);
		else
			log_warnx("%s: backend %s sent no complete response "
			    "head in %d s (%llu bytes of it), answered 504",
			    c->peer, c->target.spec, cfg.handshake_timeout,
			    (unsigned long long)s.from_back);
		c->exit_status = EXIT_FAIL;
		return 504;
	}
	/* The client gets our FIN (after close_notify) and a bounded
	 * drain of what it still sends, so our close is no reset. */
	end_shut(&s.cli);
	c->cli_out = s.cli.out;		/* -1: a pipe, closed */
	if (!s.cli.fin)
		io_drain(c->cli_in, CLOSE_WAIT_MS);
	return 0;
}
