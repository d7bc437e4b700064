/*
 * record.c: --record DIR writes each WebSocket session to its own file,
 * an asciicast v2 recording (asciinema's format): a header line, then one
 * line [TIME, CODE, DATA] per piece of payload as it crosses the relay:
 * "i" client -> backend, "o" backend -> client, "r" a terminal resize
 * ("COLSxROWS", from --pty).  DATA is a JSON string: text that is UTF-8
 * goes as it is (record_json.c escapes it); a piece that is not gets the
 * code "ib" or "ob" and its bytes in base64, so nothing is lost and
 * `asciinema cat` still prints the text output.  A UTF-8 sequence cut
 * between two reads is held back (at most 3 bytes) and goes with the next.
 *
 * Where it sits: DIR is opened once, before privileges drop and before
 * --chroot (record_prepare), so it may lie outside the jail; each file is
 * created in it when the upgrade is decided (record_open, under the
 * request filter: O_CREAT|O_EXCL only, mode 0600) by the user the handler
 * runs as, so DIR must be writable by --user.  Lines are queued in a
 * fixed buffer (RECORD_BUF) and written once per relay turn or when it
 * fills; record_close() writes the rest and fsyncs.
 *
 * A recording never costs the session its data: a write error (a full
 * disk) or --record-max-bytes ends the recording with one log line, and
 * the relay goes on (the writes are synchronous, though: a disk that
 * stalls holds the relay up).  The file then ends with a whole line: a
 * line a full disk cut short is truncated away.
 */
#include <errno.h>
#include <fcntl.h>
#include <nettle/base64.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "pty.h"
#include "record.h"
#include "record_json.h"
#include "wsinetd.h"

#define RECORD_LINE_MAX	48		/* [TIME, "ob", ""] and "\n" */
#define RECORD_B64_IN	3072		/* bytes per base64 step */
#define RECORD_TRIES	10		/* names tried when one exists */

static int64_t
record_now_us(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/*
 * Before privileges drop: open DIR, which every connection's file goes
 * in.  Exits 78 when it cannot (every connection would fail to record).
 */
void
record_prepare(void)
{
	cfg.record_dirfd = -1;
	if (cfg.record_dir == NULL)
		return;
	cfg.record_dirfd = open(cfg.record_dir, O_PATH | O_DIRECTORY |
	    O_CLOEXEC);
	if (cfg.record_dirfd == -1)
		fatal(EXIT_CONFIG, "--record %s", cfg.record_dir);
}

bool
record_on(const struct conn *c)
{
	return c->rec.on;
}

/*
 * The peer as part of a file name: "192.0.2.1_5555", "2001-db8--1_5555"
 * (":" is "-" in an IPv6 address), "unix", "203.0.113.9" (from
 * X-Forwarded-For, no port).  Letters, digits, ".", "-" and "_" only.
 */
static void
record_peer_name(const char *peer, char *out, size_t len)
{
	const char	*addr = peer, *end, *port = NULL, *s;
	size_t		 o = 0;

	if (*peer == '[' && (end = strchr(peer, ']')) != NULL) {
		addr = peer + 1;
		if (end[1] == ':')
			port = end + 2;
	} else if ((end = strchr(peer, ':')) != NULL &&
	    strchr(end + 1, ':') == NULL)
		port = end + 1;
	else
		end = peer + strlen(peer);
	for (s = addr; s < end && o + 1 < len; s++)
		out[o++] = (*s >= 'a' && *s <= 'z') || (*s >= 'A' &&
		    *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '.' ?
		    *s : *s == ':' ? '-' : '_';
	if (port != NULL && *port != '\0' && o + 1 < len)
		out[o++] = '_';
	for (s = port; s != NULL && *s >= '0' && *s <= '9' && o + 1 < len;
	    s++)
		out[o++] = *s;
	out[o] = '\0';
}

/*
 * At the upgrade (target open, before the relay's filter): create this
 * session's file, named by the time, the client and our pid, e.g.
 * 20261208T010500.123Z_192.0.2.1_5555_4242.cast.  A file that cannot be
 * created is one log line; the session goes on unrecorded.
 */
void
record_open(struct conn *c)
{
	struct record	*r = &c->rec;
	struct timespec	 ts;
	struct tm	 tm;
	char		 when[32], peer[80], again[8] = "";
	int		 i, err = 0;

	r->fd = -1;
	r->on = false;
	if (cfg.record_dir == NULL)
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(when, sizeof(when), "%Y%m%dT%H%M%S", &tm);
	record_peer_name(c->peer, peer, sizeof(peer));
	for (i = 1; i <= RECORD_TRIES; i++) {
		if (i > 1)
			snprintf(again, sizeof(again), "-%d", i);
		snprintf(r->name, sizeof(r->name), "%s.%03ldZ_%s_%ld%s.cast",
		    when, ts.tv_nsec / 1000000, peer, (long)getpid(), again);
		r->fd = openat(cfg.record_dirfd, r->name, O_WRONLY | O_CREAT |
		    O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (r->fd != -1 || (err = errno) != EEXIST)
			break;
	}
	if (r->fd == -1) {
		log_warnx("%s: --record %s: cannot create %s: %s; the session "
		    "goes on unrecorded", c->peer, cfg.record_dir, r->name,
		    strerror(err));
		r->name[0] = '\0';
		return;
	}
	r->on = true;
	r->epoch = ts.tv_sec;
	r->t0_us = record_now_us();
	r->width = PTY_COLS;		/* --pty's until a resize, else */
	r->height = PTY_ROWS;		/* a terminal's usual size */
}

/* Stop recording (the session goes on): close the file, say why once. */
static void
record_stop(struct conn *c, const char *why)
{
	struct record	*r = &c->rec;

	log_warnx("%s: recording %s/%s: %s; recording stopped, the session "
	    "goes on", c->peer, cfg.record_dir, r->name, why);
	(void)fsync(r->fd);
	close(r->fd);
	r->fd = -1;
	r->on = false;
	r->len = 0;
}

/* Write what is queued.  A failure stops the recording. */
void
record_flush(struct conn *c)
{
	struct record	*r = &c->rec;
	size_t		 off = 0;
	ssize_t		 n;
	char		 why[128], *nl;

	while (r->on && off < r->len) {
		n = write(r->fd, r->buf + off, r->len - off);
		if (n > 0) {
			if ((nl = memrchr(r->buf + off, '\n', (size_t)n)) !=
			    NULL)
				r->whole = r->written + (uint64_t)(nl -
				    (r->buf + off)) + 1;
			r->written += (uint64_t)n;
			off += (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		snprintf(why, sizeof(why), "write: %s", n < 0 ?
		    strerror(errno) : "no progress");
		/* A short write cut a line: end the file before it, so
		 * that what is there still plays. */
		if (r->written != r->whole && ftruncate(r->fd,
		    (off_t)r->whole) == -1)
			snprintf(why + strlen(why), sizeof(why) - strlen(why),
			    " (its last line cut short)");
		record_stop(c, why);
		return;
	}
	r->len = 0;
}

/* Queue p[0..n), writing when the buffer fills. */
static void
record_put(struct conn *c, const char *p, size_t n)
{
	struct record	*r = &c->rec;
	size_t		 k;

	while (n > 0 && r->on) {
		if (r->len == sizeof(r->buf))
			record_flush(c);
		k = sizeof(r->buf) - r->len;
		k = k < n ? k : n;
		memcpy(r->buf + r->len, p, k);
		r->len += k;
		r->bytes += k;
		p += k;
		n -= k;
	}
}

/* Queue the escaped body of a JSON string for p[0..n). */
static void
record_put_json(struct conn *c, const uint8_t *p, size_t n)
{
	struct record	*r = &c->rec;
	size_t		 used, wrote;

	while (n > 0 && r->on) {
		if (sizeof(r->buf) - r->len < RECORD_JSON_UNIT)
			record_flush(c);
		used = record_json_escape(p, n, r->buf + r->len,
		    sizeof(r->buf) - r->len, &wrote);
		r->len += wrote;
		r->bytes += wrote;
		p += used;
		n -= used;
	}
}

static void
record_put_str(struct conn *c, const char *s)
{
	record_put_json(c, (const uint8_t *)s, strlen(s));
}

/* Queue the base64 of p[0..n) through ctx (one string, several calls). */
static void
record_put_b64(struct conn *c, struct base64_encode_ctx *ctx,
    const uint8_t *p, size_t n)
{
	char		 out[BASE64_ENCODE_LENGTH(RECORD_B64_IN)];
	size_t		 k, w;

	while (n > 0) {
		k = n < RECORD_B64_IN ? n : RECORD_B64_IN;
		w = base64_encode_update(ctx, out, k, p);
		record_put(c, out, w);
		p += k;
		n -= k;
	}
}

/*
 * The header line, before the first event: asciicast v2's version,
 * terminal size and start time; the title names the client, env the
 * client, path, target and user.
 */
static void
record_header(struct conn *c)
{
	struct record	*r = &c->rec;
	char		 line[160];

	if (r->header || !r->on)
		return;
	r->header = true;
	snprintf(line, sizeof(line), "{\"version\": 2, \"width\": %u, "
	    "\"height\": %u, \"timestamp\": %lld, \"title\": \"wsinetd ",
	    r->width, r->height, (long long)r->epoch);
	record_put(c, line, strlen(line));
	record_put_str(c, c->peer);
	/* The path once (at most 6 x MAX_HEADER_BYTES escaped): the header
	 * always fits under the smallest --record-max-bytes. */
	record_put(c, "\", \"env\": {\"WSINETD_PEER\": \"", 28);
	record_put_str(c, c->peer);
	record_put(c, "\", \"WSINETD_PATH\": \"", 20);
	record_put_str(c, c->req.path);
	record_put(c, "\", \"WSINETD_TARGET\": \"", 22);
	record_put_str(c, c->target.spec ? c->target.spec : "");
	record_put(c, "\", \"WSINETD_USER\": \"", 20);
	record_put_str(c, c->user);
	record_put(c, "\"}}\n", 4);
}

/*
 * Room for one more line of len bytes under --record-max-bytes?  If not,
 * the lines so far are written and the recording stops here.
 */
static bool
record_room(struct conn *c, uint64_t len)
{
	struct record	*r = &c->rec;
	char		 why[96];

	if (!r->on)
		return false;
	if (len <= cfg.record_max_bytes && r->bytes <=
	    cfg.record_max_bytes - len)
		return true;
	record_flush(c);		/* the whole lines so far */
	if (!r->on)
		return false;
	snprintf(why, sizeof(why), "reached --record-max-bytes %llu",
	    (unsigned long long)cfg.record_max_bytes);
	record_stop(c, why);
	return false;
}

/* "[TIME, \"CODE\", \"" of an event now. */
static void
record_event_start(struct conn *c, const char *code)
{
	int64_t		 t = record_now_us() - c->rec.t0_us;
	char		 head[64];

	if (t < 0)
		t = 0;
	snprintf(head, sizeof(head), "[%lld.%06lld, \"%s\", \"",
	    (long long)(t / 1000000), (long long)(t % 1000000), code);
	record_put(c, head, strlen(head));
}

/* One event of the bytes a[0..an) then b[0..bn): text or base64. */
static void
record_event(struct conn *c, enum record_dir d, bool text, const uint8_t *a,
    size_t an, const uint8_t *b, size_t bn)
{
	struct base64_encode_ctx ctx;
	char		 tail[BASE64_ENCODE_FINAL_LENGTH];
	uint64_t	 n = an + bn;

	record_header(c);
	if (!record_room(c, RECORD_LINE_MAX + (text ? record_json_len(a, an) +
	    record_json_len(b, bn) : (n + 2) / 3 * 4)))
		return;
	if (text) {
		record_event_start(c, d == RECORD_IN ? "i" : "o");
		record_put_json(c, a, an);
		record_put_json(c, b, bn);
	} else {
		record_event_start(c, d == RECORD_IN ? "ib" : "ob");
		base64_encode_init(&ctx);
		record_put_b64(c, &ctx, a, an);
		record_put_b64(c, &ctx, b, bn);
		record_put(c, tail, base64_encode_final(&ctx, tail));
	}
	record_put(c, "\"]\n", 3);
}

/* Length of the UTF-8 sequence lead b starts (1 for anything else). */
static size_t
record_seq_len(uint8_t b)
{
	return b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
}

/*
 * Payload p[0..n) crossed the relay in direction d: one event, text when
 * it is UTF-8 (a sequence left unfinished at its end waits for the next
 * piece), else base64.
 */
void
record_data(struct conn *c, enum record_dir d, const uint8_t *p, size_t n)
{
	struct record	*r = &c->rec;
	uint8_t		*carry = r->carry[d], seq[4];
	size_t		 nseq = r->ncarry[d], take, ok;
	bool		 text = true;

	if (!r->on || n == 0)
		return;
	/* Complete the sequence held back, from the front of p. */
	memcpy(seq, carry, nseq);
	if (nseq > 0) {
		take = record_seq_len(seq[0]) - nseq;
		take = take < n ? take : n;
		memcpy(seq + nseq, p, take);
		nseq += take;
		p += take;
		n -= take;
		if (nseq < record_seq_len(seq[0])) {
			memcpy(carry, seq, nseq);	/* still unfinished */
			r->ncarry[d] = (uint8_t)nseq;
			return;
		}
		text = record_json_text(seq, nseq, &ok) && ok == nseq;
	}
	r->ncarry[d] = 0;
	if (text && record_json_text(p, n, &ok)) {
		memcpy(carry, p + ok, n - ok);
		r->ncarry[d] = (uint8_t)(n - ok);
		if (nseq + ok > 0)
			record_event(c, d, true, seq, nseq, p, ok);
		return;
	}
	record_event(c, d, false, seq, nseq, p, n);
}

/*
 * --pty: the client set the terminal's size.  Before the first event it
 * is the header's size; after, an "r" event "COLSxROWS".
 */
void
record_resize(struct conn *c, unsigned cols, unsigned rows)
{
	struct record	*r = &c->rec;
	char		 size[32];

	if (!r->on)
		return;
	if (!r->header) {
		r->width = cols;
		r->height = rows;
		return;
	}
	if (!record_room(c, RECORD_LINE_MAX + sizeof(size)))
		return;
	snprintf(size, sizeof(size), "%ux%u", cols, rows);
	record_event_start(c, "r");
	record_put(c, size, strlen(size));
	record_put(c, "\"]\n", 3);
}

/*
 * The session is over: what was held back (an unfinished sequence, as
 * base64), the header if nothing came, the rest of the buffer, fsync.
 */
void
record_close(struct conn *c)
{
	struct record	*r = &c->rec;
	int		 d;

	if (!r->on)
		return;
	for (d = RECORD_IN; d <= RECORD_OUT; d++)
		if (r->ncarry[d] > 0) {
			record_event(c, (enum record_dir)d, false, r->carry[d],
			    r->ncarry[d], NULL, 0);
			r->ncarry[d] = 0;
		}
	record_header(c);
	record_flush(c);
	if (!r->on)
		return;
	if (fsync(r->fd) == -1)
		log_warnx("%s: recording %s/%s: fsync: %s", c->peer,
		    cfg.record_dir, r->name, strerror(errno));
	close(r->fd);
	r->fd = -1;
	r->on = false;
}
