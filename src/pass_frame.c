/*
 * pass_frame.c: the client's stream to a passthrough backend after the
 * first request head, between c->rx (as read) and c->to_backend (as
 * sent).  A request's body passes unchanged, its end found by pass_req.c
 * (Content-Length, chunked, or none); the next request's head is parsed
 * (http.c), passed through the first one's gate (reqgate.c), checked
 * to route where the first went, and rewritten (pass_head_for) before
 * it is queued.  After an upgrade or CONNECT
 * the bytes pass unparsed.  A later request that is malformed or routes
 * elsewhere stops the stream: nothing more is passed on, and the
 * connection ends once the responses so far are delivered (a client then
 * opens a new connection, as it does when a keep-alive one closes); one
 * the gate refuses gets its refusal after them.
 */
#include <string.h>

#include "auth.h"
#include "log.h"
#include "pass_frame.h"
#include "pass_in.h"
#include "reqgate.h"
#include "wsinetd.h"

#define PASS_FRAME_MIN	16384		/* contiguous room asked per copy */

/* The request's body is done: the next head, or an upgrade's answer. */
static void
pass_up_next(struct pass_up *u)
{
	u->mode = u->upgrade ? UP_WAIT : UP_HEAD;
	u->fresh = true;
}

static void
pass_up_body(struct pass_up *u, enum pass_body body)
{
	switch (body) {
	case PASS_BODY_NONE:
		pass_up_next(u);
		break;
	case PASS_BODY_LENGTH:
		u->mode = UP_LENGTH;
		break;
	case PASS_BODY_CHUNKED:
		chunked_init(&u->ck);
		u->mode = UP_CHUNKED;
		break;
	case PASS_BODY_RAW:		/* see pass_up_start */
		break;
	}
}

/*
 * What follows head r (the first request's, or a later one's).  An
 * upgrade or CONNECT's own body passes as any body does; what follows it
 * waits (UP_WAIT) and is raw only after a 101 (a 2xx to CONNECT): passed
 * unparsed to a backend that refused, it would be a request whose head
 * nobody rewrote.
 */
void
pass_up_start(struct pass_up *u, const struct http_req *r)
{
	u->upgrade = pass_req_body(r, &u->left) == PASS_BODY_RAW;
	pass_up_body(u, pass_req_framing(r, &u->left));
}

/* The backend answered the first request, an upgrade or CONNECT. */
static void
pass_up_answered(struct conn *c, struct pass_up *u)
{
	u->upgrade = false;
	if (u->status == 101 || (c->req.method == HTTP_CONNECT &&
	    u->status >= 200 && u->status <= 299))
		u->mode = UP_RAW;
	else
		pass_up_next(u);
}

/* No more requests: the backend gets FIN after what it was sent. */
static void
pass_up_stop(struct conn *c, struct pass_up *u, const char *why)
{
	log_warnx("%s: a later request on this connection %s; no more "
	    "requests are passed on, the connection ends after the responses "
	    "so far", c->peer, why);
	u->mode = UP_STOP;
}

/*
 * A later request the gate refused: nothing more is passed on, and once
 * the backend has answered what it was sent, the client gets the
 * refusal (splice.c), as if it had been the first request.
 */
static void
pass_up_refuse(struct conn *c, struct pass_up *u, int status, const char *why)
{
	log_warnx("%s: a later request on this connection is refused; no "
	    "more requests are passed on, the client gets %d after the "
	    "responses so far", c->peer, status);
	u->mode = UP_STOP;
	u->refusal = status;
	u->refusal_why = why;
}

/*
 * A later request's head: parse it as it arrives, then queue its
 * rewritten form for the backend.  Returns bytes taken from c->rx (0:
 * waiting for more, or for room in c->to_backend).
 */
static size_t
pass_next_head(struct conn *c, struct pass_up *u)
{
	struct reqgate	 gate;
	struct buf	*out = &c->to_backend;
	size_t		 room, len = 0, taken;
	int		 status;

	if (u->fresh) {
		http_req_init(&u->req);
		u->fresh = false;
	}
	if (!u->req.done) {
		/* Only new bytes: http-parser takes zero bytes as EOF. */
		if (buf_len(&c->rx) <= u->req.nparsed)
			return 0;
		status = http_req_feed(&u->req, buf_head(&c->rx),
		    buf_len(&c->rx), &u->head_len);
		if (status != 0) {
			pass_up_stop(c, u, status == 431 ? "has too large a "
			    "head" : status == 501 ? "has a Transfer-Encoding "
			    "other than chunked alone" : "is malformed");
			return 0;
		}
		if (!u->req.done)
			return 0;
		/* The gate of the first request, for this one. */
		gate = (struct reqgate){ .later = true, .rest = u->rest,
		    .restsize = sizeof(u->rest) };
		if ((status = reqgate(c, &u->req, &gate)) != 0) {
			pass_up_refuse(c, u, status, gate.why);
			return 0;
		}
		if (gate.route != 0) {
			pass_up_stop(c, u, "is for another route");
			return 0;
		}
		/* Under the filter the file cannot be read: a later request
		 * must carry the credentials verified for the first. */
		if (!auth_same(c, &u->req)) {
			pass_up_stop(c, u, "has other credentials than the "
			    "first (--auth-file)");
			return 0;
		}
		/* Its answer could not be told from the first one's. */
		if (pass_req_body(&u->req, &u->left) == PASS_BODY_RAW) {
			pass_up_stop(c, u, "asks for an upgrade or CONNECT");
			return 0;
		}
	}
	room = buf_tail_room(out, BUF_SIZE);
	if (pass_head_for(c, &u->req, u->rest, (char *)buf_tail(out), room,
	    &len) != 0) {
		if (buf_len(out) == 0)
			pass_up_stop(c, u, "has too large a head");
		return 0;		/* else: once the backend took more */
	}
	out->end += len;
	taken = u->head_len;
	buf_consume(&c->rx, taken);
	pass_up_start(u, &u->req);
	return taken;
}

/*
 * Move the client's bytes from c->rx to c->to_backend: bodies and
 * upgraded streams as they are, later heads rewritten.  Returns bytes
 * moved.
 */
size_t
pass_up_frame(struct conn *c, struct pass_up *u)
{
	struct buf	*in = &c->rx, *out = &c->to_backend;
	size_t		 moved = 0, n, room;
	ssize_t		 k;
	bool		 done;

	while (buf_len(in) > 0 && u->mode != UP_STOP) {
		if (u->mode == UP_WAIT) {
			if (u->status == 0)
				break;
			pass_up_answered(c, u);
			continue;
		}
		if (u->mode == UP_HEAD) {
			if ((n = pass_next_head(c, u)) == 0)
				break;
			moved += n;
			continue;
		}
		if ((room = buf_tail_room(out, PASS_FRAME_MIN)) == 0)
			break;
		n = buf_len(in) < room ? buf_len(in) : room;
		if (u->mode == UP_LENGTH) {
			if (n > u->left)
				n = (size_t)u->left;
			if ((u->left -= n) == 0)
				pass_up_next(u);
		} else if (u->mode == UP_CHUNKED) {
			k = chunked_scan(&u->ck, buf_head(in), n, &done);
			if (k < 0) {
				pass_up_stop(c, u, "has a malformed chunked "
				    "body");
				break;
			}
			n = (size_t)k;
			if (done)
				pass_up_next(u);
		}
		memcpy(buf_tail(out), buf_head(in), n);
		out->end += n;
		buf_consume(in, n);
		moved += n;
	}
	if (u->mode == UP_STOP)
		buf_consume(in, buf_len(in));
	return moved;
}
