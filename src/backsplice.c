/*
 * backsplice.c: the backend -> client direction of a tcp: or unix: relay
 * on a plain client, without copying payloads through user space.  Each
 * backend read becomes one binary frame (DESIGN.md), as in ws.c; here the
 * read is a splice(2) from the backend socket into a pipe, which says how
 * long the frame is, its header goes to the tail of c->to_client, and the
 * payload follows it from the pipe to the client socket with another
 * splice(2).  The bytes a frame's payload must follow are counted
 * (before): whatever is queued in c->to_client after them (a Pong, our
 * Close) waits until the pipe is empty, so the stream stays in order.
 *
 * Only when reads are large: one splice in, the header, one splice out is
 * three system calls where read(2) and write(2) are two, which pays off
 * only when the copies it saves are large.  A read of BULK_MIN bytes or
 * more switches to splicing, a splice of less switches back.
 *
 * Backpressure as everywhere in the relay: the pipe is filled only when it
 * is empty (relay.c polls the backend only then), so at most one frame
 * (65535 bytes) sits in it; c->to_client keeps its own bound.  Not used
 * with TLS (records are made in user space), --compress (payloads are
 * rewritten), --text (validated, split at lines), --record (payloads are
 * written to the recording) or exec: (pipes, stderr).
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "backsplice.h"
#include "log.h"
#include "record.h"
#include "ws.h"
#include "wsinetd.h"

#define BULK_MIN	16384		/* a read this large: splice */
#define SPLICE_FRAME_MAX 65535		/* one splice, one frame: 4-byte header */

/*
 * Before the relay's seccomp filter (which allows splice but not pipe2):
 * open the pipe when this connection can splice.  Without one the relay
 * copies as it always did; nothing is lost but the speed.
 */
void
backsplice_open(struct conn *c)
{
	int	 p[2];

	/* --record: every payload must pass through record_data(). */
	if (c->tls != NULL || c->pmd_on || cfg.text || record_on(c) ||
	    (c->target.kind != TARGET_TCP && c->target.kind != TARGET_UNIX))
		return;
	if (pipe2(p, O_NONBLOCK | O_CLOEXEC) == -1) {
		log_info("%s: pipe2: %s; relaying without splice", c->peer,
		    strerror(errno));
		return;
	}
	c->bsp.on = true;
	c->bsp.rfd = p[0];
	c->bsp.wfd = p[1];
}

/* Is the next backend read a splice (so it waits for an empty pipe)? */
bool
backsplice_want(const struct conn *c)
{
	return c->bsp.on && c->bsp.bulk;
}

/* Bytes for the client: c->to_client and the pipe. */
size_t
backsplice_queued(const struct conn *c)
{
	return buf_len(&c->to_client) + (c->bsp.on ? c->bsp.len : 0);
}

/*
 * One backend read, framed: returns as ws_backend_frame() does (bytes
 * read, 0 at EOF, -errno).  Spliced only with an empty pipe.
 */
int
backsplice_read(struct conn *c, int fd)
{
	struct backsplice *s = &c->bsp;
	struct buf	*b = &c->to_client;
	ssize_t		 n;

	if (!s->bulk || s->len > 0) {
		n = ws_backend_frame(c, fd);
		if (n > 0)
			s->bulk = n >= BULK_MIN;
		return (int)n;
	}
	if (buf_tail_room(b, 4) < 4)
		return -EAGAIN;
	n = splice(fd, NULL, s->wfd, NULL, SPLICE_FRAME_MAX,
	    SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
	if (n <= 0)
		return n == 0 ? 0 : -errno;
	b->end += frame_encode_hdr(buf_tail(b), true, OP_BINARY, (size_t)n);
	s->len = (size_t)n;
	s->before = buf_len(b);
	s->bulk = n >= BULK_MIN;
	c->out_bytes += (uint64_t)n;
	c->out_msgs++;
	return (int)n;
}

/* Bytes of c->to_client up to len: MSG_MORE when a payload follows. */
static ssize_t
backsplice_send(struct conn *c, size_t len, bool more)
{
	struct backsplice *s = &c->bsp;
	ssize_t		 n;

	if (!s->nosend) {
		n = send(c->cli_out, buf_head(&c->to_client), len,
		    MSG_NOSIGNAL | (more ? MSG_MORE : 0));
		if (n >= 0 || errno != ENOTSOCK)
			return n;
		s->nosend = true;		/* inetd fd 1 may be a pipe */
	}
	return write(c->cli_out, buf_head(&c->to_client), len);
}

/*
 * Write what is queued for the client, in order: c->to_client up to the
 * pipe's frame header, the payload from the pipe, then the rest; until
 * all is out or the socket is full.  Consumes what it wrote.  Returns the
 * bytes written, or -1 with errno as write(2) would.
 */
ssize_t
backsplice_write(struct conn *c)
{
	struct backsplice *s = &c->bsp;
	struct buf	*b = &c->to_client;
	size_t		 done = 0;
	ssize_t		 n;

	while (backsplice_queued(c) > 0) {
		if (s->len > 0 && s->before == 0)
			n = splice(s->rfd, NULL, c->cli_out, NULL, s->len,
			    SPLICE_F_MOVE | SPLICE_F_NONBLOCK |
			    (buf_len(b) > 0 ? SPLICE_F_MORE : 0));
		else
			n = backsplice_send(c, s->len > 0 ? s->before :
			    buf_len(b), s->len > 0);
		if (n <= 0) {
			if (n == 0)
				errno = EPIPE;	/* no progress: gone */
			return done > 0 ? (ssize_t)done : -1;
		}
		if (s->len > 0 && s->before == 0)
			s->len -= (size_t)n;
		else {
			buf_consume(b, (size_t)n);
			if (s->len > 0)
				s->before -= (size_t)n;
		}
		done += (size_t)n;
	}
	return (ssize_t)done;
}

void
backsplice_close(struct conn *c)
{
	if (!c->bsp.on)
		return;
	close(c->bsp.rfd);
	close(c->bsp.wfd);
	c->bsp.on = false;
	c->bsp.len = c->bsp.before = 0;
}
