/*
 * ws.c: RFC 6455 messages over the frames in c->rx.  Data payloads are
 * unmasked straight into their sink, piece by piece: c->to_backend for a
 * stream target, or c->to_client as echoed frames for `echo`, so no message
 * is ever held whole and --max-message is a counter.  Control frames,
 * the close handshake and the timers live here too; relay.c does the I/O.
 * A compressed message (RFC 7692) is unmasked in place in c->rx and
 * inflated by pmd.c straight into the same sinks, never more than they
 * take; --max-message counts the inflated bytes.  echo compresses its
 * replies as they stream, through ws->stage when it must also inflate.
 *
 * An exec: program with --text speaks lines (websocketd's model): each
 * client message reaches its stdin followed by "\n", and each line of its
 * stdout becomes one text message without the "\n", streamed as fragments
 * when it does not arrive in one read, so no line is ever held whole.
 *
 * With --pty a text message is not input but a resize (pty_msg.c), the
 * one message held whole: at most PTY_MSG_MAX bytes, else, or when it is
 * not one, close 1003 with a reason that says where input goes.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "record.h"
#include "pty.h"
#include "pty_msg.h"
#include "ws.h"
#include "wsinetd.h"

#define WS_BLOCKED	(-2)		/* sink full: try again after I/O */
#define WS_FAILED	(-1)		/* ws_fail() was called */
#define BACKEND_FRAME_MAX 65535		/* one backend read, one frame */
#define INFLATE_CHUNK	16384		/* room worth compacting a sink for */
#define ECHO_FRAME_MAX	65535		/* echoed inflated piece: 4-byte header */
#define LINE_READ_MAX	32768		/* exec --text: one stdout read */

/* exec with --text: lines both ways. */
static bool
ws_lines(const struct conn *c)
{
	return cfg.text && c->target.kind == TARGET_EXEC;
}

/* --record: n bytes of a client message, and echo's reply to it. */
static void
ws_record_in(struct conn *c, const uint8_t *p, size_t n)
{
	record_data(c, RECORD_IN, p, n);
	if (c->target.kind == TARGET_ECHO)
		record_data(c, RECORD_OUT, p, n);
}

/* Client data has nowhere to go: the backend (an exec: stdin) is gone. */
static bool
ws_backend_gone(const struct conn *c)
{
	if (c->target.kind == TARGET_EXEC)
		return c->target.wfd == -1;
	return c->target.fd == -1;
}

void
ws_init(struct conn *c)
{
	struct ws	*ws = &c->ws;
	int64_t		 now = now_ms();

	memset(ws, 0, offsetof(struct ws, stage));
	ws->last_active = now;
	if (cfg.ping_interval)
		ws->next_ping = now + (int64_t)cfg.ping_interval * 1000;
	if (c->pmd_on)
		pmd_init(&ws->pmd, &c->pmd_params, cfg.compress_level);
}

/* Release what ws_init() and the messages since allocated (zlib). */
void
ws_free(struct conn *c)
{
	pmd_free(&c->ws.pmd);
}

static const char *
ws_close_reason(int code)
{
	switch (code) {
	case CLOSE_GOING_AWAY:	return "idle timeout";
	case CLOSE_PROTOCOL:	return "protocol error";
	case CLOSE_BAD_DATA:	return "invalid UTF-8";
	case CLOSE_TOO_BIG:	return "message too big";
	case CLOSE_BACKEND:	return "backend failed";
	default:		return "";
	}
}

/* Put our Close in c->to_client as soon as there is room for it. */
void
ws_flush_close(struct conn *c)
{
	struct ws	*ws = &c->ws;
	struct buf	*b = &c->to_client;
	const char	*reason;
	size_t		 rlen, plen;
	uint8_t		*p;

	if (ws->close_want == 0 || ws->close_sent)
		return;
	/* Answering the client's Close: its code, not our words for it. */
	reason = ws->close_rcvd ? "" : ws->close_text ? ws->close_text :
	    ws_close_reason(ws->close_want);
	rlen = strlen(reason);
	plen = ws->close_want == CLOSE_NO_STATUS ? 0 : 2 + rlen;
	if (buf_tail_room(b, 2 + plen) < 2 + plen)
		return;
	p = buf_tail(b);
	p += frame_encode_hdr(p, true, OP_CLOSE, plen);
	if (plen) {
		p[0] = (uint8_t)(ws->close_want >> 8);
		p[1] = (uint8_t)ws->close_want;
		memcpy(p + 2, reason, rlen);
	}
	b->end += 2 + plen;
	ws->close_sent = true;
}

/*
 * Decide to close with code: from now on the connection ends within
 * CLOSE_WAIT_MS, even if the client never reads our Close or answers it.
 */
static void
ws_want_close(struct ws *ws, int code)
{
	ws->close_want = code;
	ws->close_deadline = now_ms() + CLOSE_WAIT_MS;
}

/*
 * Start the close handshake with code.  why, when given, is logged with
 * the peer: the one line that says what went wrong and what was done.
 * Protocol errors (1002, 1007, 1009) also stop reading the client's frames.
 */
void
ws_fail(struct conn *c, int code, const char *why)
{
	struct ws	*ws = &c->ws;

	if (ws->close_want)
		return;
	if (why != NULL)
		log_warnx("%s: %s, closing with %d", c->peer, why, code);
	ws_want_close(ws, code);
	c->close_code = code;
	if (code == CLOSE_PROTOCOL || code == CLOSE_BAD_DATA ||
	    code == CLOSE_TOO_BIG)
		ws->failed = true;
	ws_flush_close(c);
}

/* Validate a text piece; 0, or WS_FAILED after closing 1007. */
static int
ws_check_text(struct conn *c, const uint8_t *p, size_t n, bool last)
{
	int	 r = utf8_feed(&c->ws.utf8, p, n);

	if (r == UTF8_BAD || (last && r == UTF8_PARTIAL)) {
		ws_fail(c, CLOSE_BAD_DATA, "invalid UTF-8 in a text message");
		return WS_FAILED;
	}
	return 0;
}

/* --pty: is the open message a resize (a text message)? */
static bool
ws_resize_msg(const struct conn *c)
{
	return c->target.pty && c->ws.msg_op == OP_TEXT;
}

/* --pty: a text message that is no resize; always WS_FAILED. */
static int
ws_resize_bad(struct conn *c, const char *what)
{
	c->ws.close_text = "text messages set the window: "
	    "{\"cols\":N,\"rows\":M}; input goes in binary messages";
	ws_fail(c, CLOSE_UNSUPPORTED, what);
	return WS_FAILED;
}

static int
ws_resize_long(struct conn *c)
{
	return ws_resize_bad(c, "a text message over 64 bytes (PTY_MSG_MAX) "
	    "is not a resize message");
}

/*
 * --pty: p[0..n) of a resize message, unmasked (and inflated); fin: it
 * ends here, so it is parsed and the window set.  0 or WS_FAILED.
 */
static int
ws_resize_take(struct conn *c, const uint8_t *p, size_t n, bool fin)
{
	struct ws	*ws = &c->ws;
	unsigned	 cols, rows;

	if (n > sizeof(ws->resize) - ws->nresize)
		return ws_resize_long(c);
	memcpy(ws->resize + ws->nresize, p, n);
	if (ws_check_text(c, ws->resize + ws->nresize, n, fin) != 0)
		return WS_FAILED;
	ws->nresize += (uint8_t)n;
	if (!fin)
		return 0;
	n = ws->nresize;
	ws->nresize = 0;
	if (pty_msg_parse(ws->resize, n, &cols, &rows) != 0)
		return ws_resize_bad(c, "a text message that is not a resize "
		    "message {\"cols\":N,\"rows\":M} (N, M 1 to 4096)");
	if (pty_resize(c, cols, rows) == 0)
		record_resize(c, cols, rows);	/* --record: an "r" */
	return 0;
}

/* --pty: ws_data() for a resize message. */
static ssize_t
ws_resize_data(struct conn *c, size_t avail)
{
	struct ws	*ws = &c->ws;
	uint8_t		 tmp[PTY_MSG_MAX];
	bool		 fin = ws->hdr.fin && ws->frame_off + avail ==
			    ws->hdr.len;

	if (avail > sizeof(ws->resize) - ws->nresize)
		return ws_resize_long(c);
	frame_unmask(tmp, buf_head(&c->rx), avail, ws->hdr.mask,
	    ws->frame_off);
	if (ws_resize_take(c, tmp, avail, fin) != 0)
		return WS_FAILED;
	return (ssize_t)avail;
}

/*
 * Move up to avail payload bytes of the current data frame from the head
 * of c->rx into the sink.  Returns the bytes taken (0 is fine for an empty
 * frame), WS_BLOCKED when the sink has no room, or WS_FAILED.
 */
static ssize_t
ws_data(struct conn *c, size_t avail)
{
	struct ws	*ws = &c->ws;
	bool		 echo = c->target.kind == TARGET_ECHO;
	bool		 text = ws->msg_op == OP_TEXT, last, fin;
	bool		 nl = ws_lines(c);
	struct buf	*out = echo ? &c->to_client : &c->to_backend;
	size_t		 room, n, h = 0;
	uint8_t		*dst;

	/* Nowhere to go: echo after our Close, or the backend is gone. */
	if ((echo && ws->close_sent) || (!echo && ws_backend_gone(c)))
		return (ssize_t)avail;
	if (ws_resize_msg(c))
		return ws_resize_data(c, avail);

	room = buf_tail_room(out, avail + FRAME_HDR_MAX);
	if (echo)
		room = room > FRAME_HDR_MAX ? room - FRAME_HDR_MAX : 0;
	if (nl) {			/* room for the message's "\n" */
		if (room == 0)
			return WS_BLOCKED;
		room--;
	}
	n = avail < room ? avail : room;
	last = ws->frame_off + n == ws->hdr.len;
	fin = last && ws->hdr.fin;
	if (n == 0 && avail > 0)
		return WS_BLOCKED;

	if (echo) {
		if (n == 0 && !fin)
			return 0;		/* empty non-final piece */
		if (room == 0 && fin)
			return WS_BLOCKED;
		h = frame_hdr_size(n);
	}
	dst = buf_tail(out) + h;
	frame_unmask(dst, buf_head(&c->rx), n, ws->hdr.mask, ws->frame_off);
	if (text && ws_check_text(c, dst, n, fin) != 0)
		return WS_FAILED;
	ws_record_in(c, dst, n);
	if (echo) {
		frame_encode_hdr(buf_tail(out), fin,
		    ws->echo_open ? OP_CONT : ws->msg_op, n);
		ws->echo_open = !fin;
		c->out_bytes += n;
		if (fin)
			c->out_msgs++;
	}
	out->end += h + n;
	if (nl && fin)
		out->data[out->end++] = '\n';
	c->in_bytes += n;
	return (ssize_t)n;
}

/* Unmask the current frame's bytes at the head of c->rx up to avail. */
static void
ws_unmask_in_place(struct conn *c, size_t avail)
{
	struct ws	*ws = &c->ws;
	uint8_t		*src = buf_head(&c->rx);

	if (ws->unmasked >= avail)
		return;
	frame_unmask(src + ws->unmasked, src + ws->unmasked,
	    avail - ws->unmasked, ws->hdr.mask, ws->frame_off + ws->unmasked);
	ws->unmasked = avail;
}

/* What pmd_inflate() said, against the limit: 0, or WS_FAILED. */
static int
ws_inflate_result(struct conn *c, int r, size_t got, uint64_t limit)
{
	if (r == PMD_BAD) {
		/* §7.2.2 and RFC 6455 §7.1.7: fail; 1007 as Autobahn does. */
		ws_fail(c, CLOSE_BAD_DATA, "invalid DEFLATE data in a "
		    "compressed message");
		return WS_FAILED;
	}
	if (r == PMD_NOMEM) {
		ws_fail(c, CLOSE_BACKEND, "no memory for zlib");
		return WS_FAILED;
	}
	if (got > limit) {
		ws_fail(c, CLOSE_TOO_BIG, "compressed message inflates over "
		    "--max-message");
		return WS_FAILED;
	}
	return 0;
}

/*
 * echo, compressed reply: in[0..*inlen) of the message into one frame in
 * c->to_client, RSV1 on the reply's first frame; last: nothing follows.
 * Returns 0 with *inlen consumed (*done once the reply is complete),
 * WS_BLOCKED or WS_FAILED.
 */
static int
ws_echo_deflate(struct conn *c, const uint8_t *in, size_t *inlen, bool last,
    bool *done)
{
	struct ws	*ws = &c->ws;
	struct buf	*out = &c->to_client;
	size_t		 room, got, h;
	uint8_t		*dst;
	int		 r;

	*done = false;
	room = buf_tail_room(out, INFLATE_CHUNK + FRAME_HDR_MAX);
	if (room < 4 + PMD_STREAM_ROOM)
		return WS_BLOCKED;
	room -= 4;
	if (room > ECHO_FRAME_MAX)
		room = ECHO_FRAME_MAX;
	dst = buf_tail(out) + 4;
	got = room;
	r = pmd_deflate_stream(&ws->pmd, in, inlen, dst, &got, last);
	if (r == PMD_BAD) {
		ws_fail(c, CLOSE_BACKEND, "zlib failed to compress a reply");
		return WS_FAILED;
	}
	*done = r == PMD_DONE;
	if (got == 0 && !*done)
		return 0;
	h = frame_hdr_size(got);
	if (h == 2)
		memmove(dst - 2, dst, got);
	frame_encode_hdr(buf_tail(out), *done,
	    ws->echo_open ? OP_CONT : ws->msg_op, got);
	if (!ws->echo_open)
		buf_tail(out)[0] |= WS_RSV1;
	ws->echo_open = !*done;
	out->end += h + got;
	if (*done)
		c->out_msgs++;
	return 0;
}

/*
 * echo, a plain message with a compressed reply: unmask in place (text is
 * validated as it is unmasked), compress what c->to_client takes.  Returns
 * as ws_inflate() does.
 */
static ssize_t
ws_echo_plain(struct conn *c, size_t avail, bool *done)
{
	struct ws	*ws = &c->ws;
	bool		 last = ws->hdr.fin && ws->frame_off + avail == ws->hdr.len;
	size_t		 in = avail, old = ws->unmasked;
	int		 r;

	*done = false;
	if (ws->close_sent) {
		*done = last;
		ws->unmasked = 0;
		return (ssize_t)avail;
	}
	ws_unmask_in_place(c, avail);
	/* Feeding nothing again with last is harmless: check at the end. */
	if (ws->msg_op == OP_TEXT && (ws->unmasked > old || last) &&
	    ws_check_text(c, buf_head(&c->rx) + old, ws->unmasked - old,
	    last) != 0)
		return WS_FAILED;
	if ((r = ws_echo_deflate(c, buf_head(&c->rx), &in, last, done)) != 0)
		return r;
	ws->unmasked -= in;
	ws_record_in(c, buf_head(&c->rx), in);
	c->in_bytes += in;
	c->out_bytes += in;
	return (ssize_t)in;
}

/*
 * echo, a compressed message with a compressed reply: inflate into
 * ws->stage when it is empty, compress from it what c->to_client takes.
 */
static ssize_t
ws_echo_recompress(struct conn *c, size_t avail, bool *done)
{
	struct ws	*ws = &c->ws;
	bool		 last = ws->hdr.fin && ws->frame_off + avail == ws->hdr.len;
	uint64_t	 limit = cfg.max_message - ws->msg_inflated;
	size_t		 in = 0, got = 0, k;
	bool		 staged = false;
	int		 r;

	if (ws->stage_start == ws->stage_end && !ws->inflated_all) {
		ws_unmask_in_place(c, avail);
		in = avail;
		got = limit < sizeof(ws->stage) ? (size_t)limit + 1 :
		    sizeof(ws->stage);
		r = pmd_inflate(&ws->pmd, buf_head(&c->rx), &in, ws->stage,
		    &got, last);
		ws->unmasked -= in;
		if (ws_inflate_result(c, r, got, limit) != 0)
			return WS_FAILED;
		ws->msg_inflated += got;
		ws->inflated_all = r == PMD_DONE;
		if (ws->msg_op == OP_TEXT &&
		    ws_check_text(c, ws->stage, got, ws->inflated_all) != 0)
			return WS_FAILED;
		ws_record_in(c, ws->stage, got);
		c->in_bytes += got;
		ws->stage_start = 0;
		ws->stage_end = got;
		staged = true;
	}
	k = ws->stage_end - ws->stage_start;
	r = ws_echo_deflate(c, ws->stage + ws->stage_start, &k,
	    ws->inflated_all, done);
	if (r == WS_FAILED)
		return r;
	if (r == WS_BLOCKED)
		return staged ? (ssize_t)in : WS_BLOCKED;
	ws->stage_start += k;
	c->out_bytes += k;
	return (ssize_t)in;
}

/* --pty: ws_inflate() for a compressed resize message. */
static ssize_t
ws_resize_inflate(struct conn *c, size_t avail, bool *done)
{
	struct ws	*ws = &c->ws;
	bool		 last = ws->hdr.fin &&
	    ws->frame_off + avail == ws->hdr.len;
	uint8_t		 tmp[PTY_MSG_MAX + 1];
	size_t		 in = avail, got = sizeof(tmp);
	int		 r;

	ws_unmask_in_place(c, avail);
	r = pmd_inflate(&ws->pmd, buf_head(&c->rx), &in, tmp, &got, last);
	ws->unmasked -= in;
	if (ws_inflate_result(c, r, got, cfg.max_message - ws->msg_inflated))
		return WS_FAILED;
	ws->msg_inflated += got;
	*done = r == PMD_DONE;
	if (ws_resize_take(c, tmp, got, *done) != 0)
		return WS_FAILED;
	return (ssize_t)in;
}

/*
 * Like ws_data() for a compressed message (RFC 7692 §7.2.2): unmask up to
 * avail bytes of the frame in place, inflate what the sink has room for.
 * Returns the compressed bytes taken (0 is fine: output may still have
 * come out), WS_BLOCKED or WS_FAILED; *done once the whole message is out.
 */
static ssize_t
ws_inflate(struct conn *c, size_t avail, bool *done)
{
	struct ws	*ws = &c->ws;
	bool		 echo = c->target.kind == TARGET_ECHO;
	bool		 text = ws->msg_op == OP_TEXT;
	bool		 last = ws->hdr.fin && ws->frame_off + avail == ws->hdr.len;
	struct buf	*out = echo ? &c->to_client : &c->to_backend;
	uint64_t	 limit = cfg.max_message - ws->msg_inflated;
	size_t		 room, in = avail, got, h;
	uint8_t		*src = buf_head(&c->rx), *dst;
	int		 r;

	*done = false;
	if ((echo && ws->close_sent) || (!echo && ws_backend_gone(c))) {
		/* Nowhere to go: drop the bytes, do not inflate them. */
		*done = last;
		ws->unmasked = 0;
		return (ssize_t)avail;
	}
	if (echo && ws->echo_deflate)
		return ws_echo_recompress(c, avail, done);
	if (ws_resize_msg(c))
		return ws_resize_inflate(c, avail, done);
	room = buf_tail_room(out, INFLATE_CHUNK + FRAME_HDR_MAX);
	if (echo)
		room = room > 4 ? room - 4 : 0;
	if (ws_lines(c))		/* room for the message's "\n" */
		room = room > 0 ? room - 1 : 0;
	if (room == 0)
		return WS_BLOCKED;
	if (echo && room > ECHO_FRAME_MAX)
		room = ECHO_FRAME_MAX;
	/* At most one byte past the limit: a bomb is found at once. */
	if (room > limit + 1)
		room = (size_t)limit + 1;
	ws_unmask_in_place(c, avail);
	dst = buf_tail(out) + (echo ? 4 : 0);
	got = room;
	r = pmd_inflate(&ws->pmd, src, &in, dst, &got, last);
	ws->unmasked -= in;
	if (ws_inflate_result(c, r, got, limit) != 0)
		return WS_FAILED;
	ws->msg_inflated += got;
	*done = r == PMD_DONE;
	if (text && ws_check_text(c, dst, got, *done) != 0)
		return WS_FAILED;
	ws_record_in(c, dst, got);
	if (echo && (got > 0 || *done)) {
		h = frame_hdr_size(got);
		if (h == 2)
			memmove(dst - 2, dst, got);
		frame_encode_hdr(buf_tail(out), *done,
		    ws->echo_open ? OP_CONT : ws->msg_op, got);
		ws->echo_open = !*done;
		out->end += h;
		c->out_bytes += got;
		if (*done)
			c->out_msgs++;
	}
	out->end += got;
	if (ws_lines(c) && *done)
		out->data[out->end++] = '\n';
	c->in_bytes += got;
	return (ssize_t)in;
}

/* A whole control frame's payload p[0..n): 0, WS_BLOCKED or WS_FAILED. */
static int
ws_control(struct conn *c, const uint8_t *p, size_t n)
{
	struct ws	*ws = &c->ws;
	struct buf	*b = &c->to_client;
	unsigned	 code;

	switch (ws->hdr.opcode) {
	case OP_PING:
		if (ws->close_want)
			return 0;	/* no Pong after our Close */
		if (buf_tail_room(b, 2 + n) < 2 + n)
			return WS_BLOCKED;
		b->end += frame_encode_hdr(buf_tail(b), true, OP_PONG, n);
		memcpy(buf_tail(b), p, n);
		b->end += n;
		return 0;
	case OP_PONG:
		return 0;
	default:			/* OP_CLOSE, §5.5.1 */
		break;
	}
	if (n == 1) {
		ws_fail(c, CLOSE_PROTOCOL, "Close frame with a 1-byte body");
		return WS_FAILED;
	}
	code = n ? (unsigned)p[0] << 8 | p[1] : CLOSE_NO_STATUS;
	if (n && !frame_close_code_ok(code)) {
		log_warnx("%s: Close with invalid status %u", c->peer, code);
		ws_fail(c, CLOSE_PROTOCOL, NULL);
		return WS_FAILED;
	}
	if (n > 2) {
		struct utf8 u = { 0 };

		if (utf8_feed(&u, p + 2, n - 2) != UTF8_OK) {
			ws_fail(c, CLOSE_BAD_DATA,
			    "invalid UTF-8 in a Close reason");
			return WS_FAILED;
		}
	}
	ws->close_rcvd = true;
	if (!ws->close_want) {
		/* §5.5.1: answer with the status the client sent. */
		ws_want_close(ws, (int)code);
		ws_flush_close(c);
	}
	c->close_code = (int)code;
	return 0;
}

/*
 * What is wrong with the new frame header in ws->hdr for this session
 * (§5.2, §5.4, §5.5, and --max-message), or NULL when nothing is.
 * *code is the close code to answer with.
 */
static const char *
ws_frame_violation(const struct ws *ws, int *code)
{
	const struct frame_hdr *h = &ws->hdr;

	*code = CLOSE_PROTOCOL;
	if (h->rsv & (WS_RSV2 | WS_RSV3))
		return "RSV2 or RSV3 set without an extension";
	if (h->rsv & WS_RSV1) {
		/* RFC 7692 §6: RSV1 marks the first frame of a compressed
		 * data message, and means nothing without the extension. */
		if (!ws->pmd.on)
			return "RSV1 set without permessage-deflate";
		if (frame_is_control(h->opcode))
			return "RSV1 on a control frame";
		if (h->opcode == OP_CONT)
			return "RSV1 on a continuation frame";
	}
	if (!h->masked)
		return "unmasked client frame";
	switch (h->opcode) {
	case OP_CLOSE: case OP_PING: case OP_PONG:
		if (!h->fin || h->len > CONTROL_MAX)
			return "fragmented or oversized control frame";
		return NULL;
	case OP_CONT:
		if (ws->msg_op == 0)
			return "continuation without a message";
		break;
	case OP_TEXT: case OP_BINARY:
		if (ws->msg_op != 0)
			return "new message inside a fragmented one";
		break;
	default:
		return "reserved opcode";
	}
	/* §10.4 limits: compare before adding, the length is the peer's. */
	if (h->len > cfg.max_message - (h->opcode == OP_CONT ? ws->msg_bytes :
	    0)) {
		*code = CLOSE_TOO_BIG;
		return "message over --max-message";
	}
	return NULL;
}

/*
 * echo with permessage-deflate: compress the reply to this new message,
 * unless it is one frame shorter than --compress-min (a compressed
 * message's size is unknown: its sender thought it worth compressing).
 */
static void
ws_echo_start(struct conn *c)
{
	struct ws	*ws = &c->ws;

	ws->echo_deflate = false;
	ws->inflated_all = false;
	ws->stage_start = ws->stage_end = 0;
	if (c->target.kind != TARGET_ECHO || !ws->pmd.on || ws->deflate_off)
		return;
	if (!ws->msg_deflated && ws->hdr.fin && ws->hdr.len < cfg.compress_min)
		return;
	if (pmd_deflate_ready(&ws->pmd) != 0) {
		log_warnx("%s: no memory for zlib; sending uncompressed",
		    c->peer);
		ws->deflate_off = true;
		return;
	}
	ws->echo_deflate = true;
}

/* Accept a new frame header, or fail the connection: 0 or WS_FAILED. */
static int
ws_frame_start(struct conn *c)
{
	struct ws	*ws = &c->ws;
	const char	*why;
	int		 code;

	if ((why = ws_frame_violation(ws, &code)) != NULL) {
		ws_fail(c, code, why);
		return WS_FAILED;
	}
	if (frame_is_control(ws->hdr.opcode))
		return 0;
	ws->unmasked = 0;
	if (ws->hdr.opcode != OP_CONT) {
		ws->msg_op = ws->hdr.opcode;
		ws->msg_bytes = 0;
		memset(&ws->utf8, 0, sizeof(ws->utf8));
		ws->msg_deflated = (ws->hdr.rsv & WS_RSV1) != 0;
		ws->msg_inflated = 0;
		if (ws->msg_deflated &&
		    pmd_inflate_start(&ws->pmd) != PMD_MORE) {
			ws_fail(c, CLOSE_BACKEND, "no memory for zlib");
			return WS_FAILED;
		}
		ws_echo_start(c);
	}
	ws->msg_bytes += ws->hdr.len;
	return 0;
}

/*
 * Consume as much of c->rx as the sinks take.  Returns when more input is
 * needed, a sink is full, or the connection is closing.
 */
void
ws_client_input(struct conn *c)
{
	struct ws	*ws = &c->ws;
	uint8_t		 ctl[CONTROL_MAX];
	uint64_t	 left;
	size_t		 avail;
	ssize_t		 n;
	int		 r;
	bool		 done;

	for (;;) {
		if (ws->failed || ws->close_rcvd) {
			buf_consume(&c->rx, buf_len(&c->rx));
			return;
		}
		if (!ws->in_frame) {
			r = frame_decode_hdr(buf_head(&c->rx),
			    buf_len(&c->rx), &ws->hdr);
			if (r == 0)
				return;
			if (r < 0) {
				ws_fail(c, CLOSE_PROTOCOL, "64-bit length "
				    "with the top bit set");
				return;
			}
			buf_consume(&c->rx, (size_t)r);
			ws->in_frame = true;
			ws->frame_off = 0;
			if (ws_frame_start(c) != 0)
				return;
		}
		if (frame_is_control(ws->hdr.opcode)) {
			if (buf_len(&c->rx) < ws->hdr.len)
				return;
			frame_unmask(ctl, buf_head(&c->rx), ws->hdr.len,
			    ws->hdr.mask, 0);
			if (ws_control(c, ctl, ws->hdr.len) != 0)
				return;
			buf_consume(&c->rx, ws->hdr.len);
			ws->in_frame = false;
			continue;
		}
		left = ws->hdr.len - ws->frame_off;
		avail = buf_len(&c->rx) < left ? buf_len(&c->rx) : left;
		if (left > 0 && avail == 0)
			return;
		done = true;
		if (ws->msg_deflated)
			n = ws_inflate(c, avail, &done);
		else if (ws->echo_deflate)
			n = ws_echo_plain(c, avail, &done);
		else if ((n = ws_data(c, avail)) == 0 && left > 0)
			return;
		if (n < 0)
			return;
		buf_consume(&c->rx, (size_t)n);
		ws->frame_off += (uint64_t)n;
		/* A compressed message ends when inflate says so, too. */
		if (ws->frame_off < ws->hdr.len || (ws->hdr.fin && !done))
			continue;
		ws->in_frame = false;
		if (ws->hdr.fin) {
			ws->msg_op = 0;
			c->in_msgs++;
		}
	}
}

/*
 * RFC 7692 §7.2.1: compress the message p[0..len) in place when that makes
 * it shorter.  Returns its new length and sets *rsv1, or returns len with
 * *rsv1 false: short messages (--compress-min) and ones that do not shrink
 * go out as they are, which the extension allows.
 */
static size_t
ws_compress(struct conn *c, uint8_t *p, size_t len, bool *rsv1)
{
	struct ws	*ws = &c->ws;
	uint8_t		 z[BACKEND_FRAME_MAX + PMD_TAIL_LEN];
	ssize_t		 n;

	*rsv1 = false;
	if (!ws->pmd.on || ws->deflate_off || len < cfg.compress_min ||
	    len < 2 || len > BACKEND_FRAME_MAX)
		return len;
	if ((n = pmd_deflate(&ws->pmd, p, len, z, len - 1)) < 0) {
		log_warnx("%s: no memory for zlib; sending uncompressed",
		    c->peer);
		ws->deflate_off = true;
		return len;
	}
	if (n == 0)
		return len;
	memcpy(p, z, (size_t)n);
	*rsv1 = true;
	return (size_t)n;
}

/*
 * exec --text: p[0..len) of one stdout line into c->to_client as a frame,
 * final when the line ended (fin).  A whole line in one frame may be
 * compressed; the pieces of a longer one go out as they are.
 */
static void
ws_line_frame(struct conn *c, const uint8_t *p, size_t len, bool fin)
{
	struct ws	*ws = &c->ws;
	struct buf	*b = &c->to_client;
	uint8_t		*dst = buf_tail(b) + 4;
	size_t		 plain = len, h;
	bool		 rsv1 = false;

	if (len > 0)
		memcpy(dst, p, len);
	if (!ws->line_open && fin)
		len = ws_compress(c, dst, len, &rsv1);
	h = frame_hdr_size(len);
	if (h == 2)
		memmove(dst - 2, dst, len);
	frame_encode_hdr(buf_tail(b), fin, ws->line_open ? OP_CONT : OP_TEXT,
	    len);
	if (rsv1)
		buf_tail(b)[0] |= WS_RSV1;
	b->end += h + len;
	ws->line_open = !fin;
	c->out_bytes += plain;
	if (fin)
		c->out_msgs++;
}

/*
 * exec --text: one read of stdout, each line one text message.  A frame
 * is at most 4 header bytes per line piece: reading a third of the room
 * leaves enough for any mix of lines.  Returns as ws_backend_frame().
 */
static int
ws_backend_lines(struct conn *c, int fd)
{
	struct ws	*ws = &c->ws;
	uint8_t		 in[LINE_READ_MAX];
	const uint8_t	*p, *nl;
	size_t		 room, max, left, len;
	ssize_t		 n;

	room = buf_tail_room(&c->to_client, 3 * sizeof(in) + 8);
	if (room < 3 + 8)
		return -EAGAIN;
	max = (room - 8) / 3 < sizeof(in) ? (room - 8) / 3 : sizeof(in);
	if ((n = read(fd, in, max)) <= 0)
		return n == 0 ? 0 : -errno;
	/* Line by line, so the lines before an invalid one still go out. */
	for (p = in, left = (size_t)n; left > 0; p += len, left -= len) {
		nl = memchr(p, '\n', left);
		len = nl ? (size_t)(nl - p) : left;
		if (utf8_feed(&ws->out_utf8, p, len + (nl != NULL)) ==
		    UTF8_BAD) {
			record_data(c, RECORD_OUT, in, (size_t)(p - in));
			return -EILSEQ;
		}
		ws_line_frame(c, p, len, nl != NULL);
		if (nl)
			len++;			/* the "\n" itself */
	}
	record_data(c, RECORD_OUT, in, (size_t)n);	/* as read */
	return (int)n;
}

/*
 * The backend's output ended: with exec --text, finish an unfinished last
 * line.  Returns 0, -EAGAIN (no room yet) or -EILSEQ (it ended inside a
 * UTF-8 sequence).
 */
int
ws_backend_eof(struct conn *c)
{
	struct ws	*ws = &c->ws;

	if (!ws_lines(c) || !ws->line_open)
		return 0;
	if (utf8_feed(&ws->out_utf8, NULL, 0) != UTF8_OK)
		return -EILSEQ;
	if (buf_tail_room(&c->to_client, 2) < 2)
		return -EAGAIN;
	ws_line_frame(c, NULL, 0, true);
	return 0;
}

/*
 * One read from the backend fd, framed into c->to_client as one binary
 * (or, with --text, text) message.  Returns the bytes read, 0 at EOF,
 * or -errno (-EILSEQ: --text and the backend sent invalid UTF-8).
 */
int
ws_backend_frame(struct conn *c, int fd)
{
	struct ws	*ws = &c->ws;
	struct buf	*b = &c->to_client;
	size_t		 room, max, len, plain, h;
	uint8_t		*p;
	ssize_t		 n;
	bool		 rsv1;

	if (ws_lines(c))
		return ws_backend_lines(c, fd);
	room = buf_tail_room(b, 4 + BACKEND_FRAME_MAX);
	if (room < 4 + sizeof(ws->carry) + 1)
		return -EAGAIN;
	max = room - 4 < BACKEND_FRAME_MAX ? room - 4 : BACKEND_FRAME_MAX;
	p = buf_tail(b) + 4;
	memcpy(p, ws->carry, ws->ncarry);
	n = read(fd, p + ws->ncarry, max - ws->ncarry);
	if (n <= 0)
		return n == 0 ? 0 : -errno;
	len = ws->ncarry + (size_t)n;
	if (cfg.text) {
		size_t ok;

		if (utf8_feed(&ws->out_utf8, p + ws->ncarry, (size_t)n) ==
		    UTF8_BAD)
			return -EILSEQ;
		record_data(c, RECORD_OUT, p + ws->ncarry, (size_t)n);
		ok = utf8_complete_len(p, len);
		ws->ncarry = (uint8_t)(len - ok);
		memcpy(ws->carry, p + ok, ws->ncarry);
		if ((len = ok) == 0)
			return (int)n;
	} else
		record_data(c, RECORD_OUT, p, len);	/* as read */
	plain = len;
	len = ws_compress(c, p, len, &rsv1);
	h = frame_hdr_size(len);
	if (h == 2)
		memmove(p - 2, p, len);
	frame_encode_hdr(buf_tail(b), true, cfg.text ? OP_TEXT : OP_BINARY,
	    len);
	if (rsv1)
		buf_tail(b)[0] |= WS_RSV1;
	b->end += h + len;
	c->out_bytes += plain;
	c->out_msgs++;
	return (int)n;
}

/*
 * Fire the timers due at now; return the next deadline (0 = none).
 * --idle-timeout closes with 1001; --ping-interval queues a Ping.
 */
int64_t
ws_timers(struct conn *c, int64_t now)
{
	struct ws	*ws = &c->ws;
	struct buf	*b = &c->to_client;
	int64_t		 next = 0, idle_at;

	if (ws->close_want)
		return ws->close_deadline;
	if (cfg.idle_timeout) {
		idle_at = ws->last_active + (int64_t)cfg.idle_timeout * 1000;
		if (now >= idle_at) {
			log_info("%s: idle for %d s", c->peer,
			    cfg.idle_timeout);
			ws_fail(c, CLOSE_GOING_AWAY, NULL);
			return ws->close_deadline;
		}
		next = idle_at;
	}
	if (cfg.ping_interval) {
		/* A client too busy to take 2 more bytes is not idle: skip. */
		if (now >= ws->next_ping) {
			if (buf_tail_room(b, 2) >= 2)
				b->end += frame_encode_hdr(buf_tail(b), true,
				    OP_PING, 0);
			ws->next_ping = now + (int64_t)cfg.ping_interval * 1000;
		}
		if (next == 0 || ws->next_ping < next)
			next = ws->next_ping;
	}
	return next;
}
