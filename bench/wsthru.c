/*
 * wsthru.c: throughput and raw modes of bench/wsbench.  C connections,
 * each sending o->total pattern bytes in frames (raw: writes) of
 * o->frame bytes while reading the echo, one poll() loop, nonblocking.
 * Every echoed payload byte is compared with the pattern at its stream
 * offset.  After the last byte is back: an optional hold (for memory
 * sampling), then the close handshake (raw: FIN both ways), bounded.
 */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "wsbench.h"
#include "wsframe.h"

#define OUT_CAP		(1024 * 1024 + 4 * WSF_HDR_MAX)
#define IN_CAP		(256 * 1024)
#define WRITES_PER_TURN	8

struct tconn {
	struct wsconn	 c;
	uint64_t	 tx, rx;	/* payload bytes queued, verified */
	uint64_t	 seed;		/* for frame masks */
	uint8_t		*out, *in;
	size_t		 out_off, out_len, in_off, in_len;
	struct wsf_hdr	 h;		/* the data frame being read */
	uint64_t	 left;		/* its payload bytes still to come */
	int		 closing;	/* our Close queued / FIN sent */
	int		 done;		/* peer's Close or EOF seen */
	int		 more;		/* TLS: stopped reading before AGAIN */
};

static int fail(struct tconn *, const char *, ...)
    __attribute__((format(printf, 2, 3)));

static int
fail(struct tconn *t, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(t->c.err, sizeof(t->c.err), fmt, ap);
	va_end(ap);
	return -1;
}

/* Queue one masked frame (payload p may be NULL: pattern from t->tx). */
static void
queue_frame(struct tconn *t, uint8_t op, const uint8_t *p, size_t len)
{
	uint8_t	 mask[4];
	size_t	 hl;
	int	 i;

	t->seed = t->seed * 6364136223846793005ULL + 1442695040888963407ULL;
	for (i = 0; i < 4; i++)
		mask[i] = (uint8_t)(t->seed >> (32 + 8 * i));
	if (t->out_off == t->out_len)
		t->out_off = t->out_len = 0;
	else if (OUT_CAP - t->out_len < len + WSF_HDR_MAX) {
		memmove(t->out, t->out + t->out_off, t->out_len - t->out_off);
		t->out_len -= t->out_off;
		t->out_off = 0;
	}
	hl = wsf_encode(t->out + t->out_len, op, len, mask);
	memcpy(t->out + t->out_len + hl, p != NULL ? p : pat_at(t->tx), len);
	wsf_mask(t->out + t->out_len + hl, len, mask, 0);
	t->out_len += hl + len;
}

static size_t
out_room(const struct tconn *t)
{
	return OUT_CAP - (t->out_len - t->out_off);
}

/* Payload bytes we may still put in flight now (--window). */
static uint64_t
may_send(const struct opts *o, const struct tconn *t)
{
	uint64_t left = o->total - t->tx;

	if (o->window > 0 && o->window - (t->tx - t->rx) < left)
		left = o->window - (t->tx - t->rx);
	return left;
}

static int
want_write(const struct opts *o, const struct tconn *t)
{
	if (o->raw)
		return may_send(o, t) > 0;
	return t->out_len > t->out_off || may_send(o, t) > 0;
}

static int
do_write(const struct opts *o, struct tconn *t)
{
	const uint8_t	*p;
	uint64_t	 len;
	ssize_t		 n;
	int		 i;

	for (i = 0; i < WRITES_PER_TURN; i++) {
		if (o->raw) {
			if ((len = may_send(o, t)) == 0)
				return 0;
			if (len > o->frame)
				len = o->frame;
			p = pat_at(t->tx);
		} else {
			while ((len = may_send(o, t)) > 0 &&
			    out_room(t) >= o->frame + WSF_HDR_MAX) {
				if (len > o->frame)
					len = o->frame;
				queue_frame(t, WSF_BINARY, NULL, len);
				t->tx += len;
			}
			if (t->out_len == t->out_off)
				return 0;
			p = t->out + t->out_off;
			len = t->out_len - t->out_off;
		}
		if ((n = wsconn_write(&t->c, p, len)) < 0)
			return errno == EAGAIN ? 0 : -1;
		if (o->raw)
			t->tx += (uint64_t)n;
		else
			t->out_off += (size_t)n;
	}
	return 0;
}

static int
verify(const struct opts *o, struct tconn *t, uint8_t *p, size_t m)
{
	if (t->rx + m > o->total)
		return fail(t, "more bytes echoed than sent (%llu)",
		    (unsigned long long)o->total);
	if (memcmp(p, pat_at(t->rx), m) != 0)
		return fail(t, "echo differs near byte %llu",
		    (unsigned long long)t->rx);
	t->rx += m;
	return 0;
}

/* Parse and verify what is in t->in; 0 or -1. */
static int
process_ws(const struct opts *o, struct tconn *t)
{
	uint8_t	*p;
	size_t	 avail, m;
	int	 hl;

	while ((avail = t->in_len - t->in_off) > 0) {
		p = t->in + t->in_off;
		if (t->left > 0) {
			m = avail < t->left ? avail : (size_t)t->left;
			if (t->h.masked)
				wsf_mask(p, m, t->h.mask, t->h.len - t->left);
			if (verify(o, t, p, m) < 0)
				return -1;
			t->left -= m;
			t->in_off += m;
			continue;
		}
		if ((hl = wsf_decode(p, avail, &t->h)) < 0)
			return fail(t, "bad frame header after %llu bytes",
			    (unsigned long long)t->rx);
		if (hl == 0)
			break;
		if (t->h.opcode & 0x8) {
			if (avail < (size_t)hl + t->h.len)
				break;
			if (t->h.opcode == WSF_CLOSE)
				t->done = 1;
			else if (t->h.opcode == WSF_PING && !t->closing) {
				if (t->h.masked)
					wsf_mask(p + hl, t->h.len, t->h.mask,
					    0);
				queue_frame(t, WSF_PONG, p + hl, t->h.len);
			}
			t->in_off += (size_t)hl + t->h.len;
			continue;
		}
		if (t->h.opcode == WSF_TEXT)
			return fail(t, "text frame after %llu bytes",
			    (unsigned long long)t->rx);
		t->in_off += (size_t)hl;
		t->left = t->h.len;
	}
	return 0;
}

/*
 * Read what is there.  With TLS, read until GnuTLS says AGAIN: it may hold
 * whole records read from the socket that neither poll() nor
 * gnutls_record_check_pending() report; t->more says we stopped early.
 */
static int
do_read(const struct opts *o, struct tconn *t)
{
	size_t	 room;
	ssize_t	 n;

	t->more = 0;
	for (;;) {
		if (t->in_off == t->in_len)
			t->in_off = t->in_len = 0;
		else if (t->in_off > 0 && IN_CAP - t->in_len < 16384) {
			memmove(t->in, t->in + t->in_off,
			    t->in_len - t->in_off);
			t->in_len -= t->in_off;
			t->in_off = 0;
		}
		if (t->in_len == IN_CAP) {
			t->more = 1;
			return 0;
		}
		room = IN_CAP - t->in_len;
		n = wsconn_read(&t->c, t->in + t->in_len, room);
		if (n < 0)
			return errno == EAGAIN ? 0 : -1;
		if (n == 0) {
			t->done = 1;
			if (t->rx < o->total && !t->closing)
				return fail(t, "end of stream after %llu "
				    "bytes", (unsigned long long)t->rx);
			return 0;
		}
		if (o->raw) {
			if (verify(o, t, t->in, (size_t)n) < 0)
				return -1;
			t->in_len = 0;
		} else {
			t->in_len += (size_t)n;
			if (process_ws(o, t) < 0)
				return -1;
		}
		if (t->done || (t->c.tls == NULL && (size_t)n < room))
			return 0;		/* plain: a short read drained it */
	}
}

/*
 * One poll() turn over the connections that still have work: in phase 0
 * until every echo is complete, in phase 1 until every close is done.
 * Returns the number still busy, or -1 with *bad the failed one.
 */
static int
turn(const struct opts *o, struct tconn *ts, struct pollfd *pfd, int phase,
    uint64_t deadline, long *bad)
{
	long	 i, busy = 0;
	int	 timeout = 100, n;

	for (i = 0; i < o->conns; i++) {
		struct tconn *t = &ts[i];

		pfd[i].fd = -1;
		pfd[i].events = 0;
		if (phase == 0 ? t->rx == o->total : t->done)
			continue;
		busy++;
		pfd[i].fd = t->c.fd;
		pfd[i].events = POLLIN | (want_write(o, t) ? POLLOUT : 0);
		if (t->more || wsconn_pending(&t->c) > 0)
			timeout = 0;
	}
	if (busy == 0)
		return 0;
	if (now_ns() > deadline)
		return -2;
	if ((n = poll(pfd, (nfds_t)o->conns, timeout)) < 0 && errno != EINTR) {
		perror("wsbench: poll");
		*bad = -1;
		return -1;
	}
	for (i = 0; i < o->conns; i++) {
		struct tconn *t = &ts[i];

		if (pfd[i].fd < 0)
			continue;
		if (((pfd[i].revents & (POLLIN | POLLERR | POLLHUP)) ||
		    t->more || wsconn_pending(&t->c) > 0) &&
		    do_read(o, t) < 0) {
			*bad = i;
			return -1;
		}
		if ((pfd[i].revents & POLLOUT) && do_write(o, t) < 0) {
			*bad = i;
			return -1;
		}
	}
	return (int)busy;
}

static void
report(const struct opts *o, const struct tconn *ts, const char *status,
    uint64_t elapsed, long close_ok, const char *err)
{
	uint64_t rx = 0;
	double	 secs = (double)elapsed / 1e9, mbps;
	long	 i;

	for (i = 0; i < o->conns; i++)
		rx += ts[i].rx;
	mbps = secs > 0 ? (double)rx / secs / 1e6 : 0;
	printf("{\"mode\":\"%s\",\"label\":\"%s\",\"raw\":%d,\"tls\":%d,"
	    "\"conns\":%ld,\"bytes\":%llu,\"frame\":%zu,\"window\":%llu,"
	    "\"elapsed_s\":%.4f,"
	    "\"mbps\":%.1f,\"verified\":%llu,\"close_ok\":%ld,"
	    "\"status\":\"%s\",\"error\":\"", o->raw ? "raw" : "throughput",
	    o->label, o->raw, o->tls.on, o->conns,
	    (unsigned long long)o->total, o->frame,
	    (unsigned long long)o->window, secs, mbps,
	    (unsigned long long)rx, close_ok, status);
	for (; *err != '\0'; err++)
		if (*err != '"' && *err != '\\' && (unsigned char)*err >= 0x20)
			putchar(*err);
	printf("\"}\n");
	fprintf(stderr, "%s: %ld connection(s) x %llu MiB in %zu-byte %s: "
	    "%.1f MB/s, %llu bytes verified, %ld closed cleanly, %s%s%s\n",
	    o->label, o->conns, (unsigned long long)(o->total >> 20),
	    o->frame, o->raw ? "writes" : "frames", mbps,
	    (unsigned long long)rx, close_ok, status, *err ? ": " : "", err);
}

int
thru_run(const struct opts *o)
{
	struct tconn	*ts;
	struct pollfd	*pfd;
	struct timespec	 hold;
	uint64_t	 deadline = deadline_ns(o), t0, elapsed = 0, closeby;
	long		 i, bad = -1, close_ok = 0;
	int		 rc = 0, busy;
	char		 err[200] = "";

	if (o->frame > PAT_SPAN - IN_CAP) {
		fprintf(stderr, "wsbench: frame size over %u\n",
		    PAT_SPAN - IN_CAP);
		return 64;
	}
	if ((ts = calloc((size_t)o->conns, sizeof(*ts))) == NULL ||
	    (pfd = calloc((size_t)o->conns, sizeof(*pfd))) == NULL) {
		fprintf(stderr, "wsbench: out of memory\n");
		return 1;
	}
	for (i = 0; i < o->conns; i++) {
		struct tconn *t = &ts[i];

		t->c.fd = -1;
		t->seed = (uint64_t)i * 0x9e3779b97f4a7c15ULL + 1;
		if ((t->out = malloc(OUT_CAP)) == NULL ||
		    (t->in = malloc(IN_CAP)) == NULL) {
			fprintf(stderr, "wsbench: out of memory\n");
			return 1;
		}
		if (wsconn_open(&t->c, &o->target, &o->tls,
		    CONN_TIMEOUT_MS) < 0 || (!o->raw &&
		    wsconn_upgrade(&t->c, &o->target, t->seed, t->in, IN_CAP,
		    &t->in_len) < 0) || wsconn_set_nonblock(&t->c) < 0) {
			snprintf(err, sizeof(err), "connection %ld: %s", i,
			    t->c.err);
			report(o, ts, "error", 0, 0, err);
			return 2;
		}
		if (!o->raw && process_ws(o, t) < 0) {
			bad = i;
			break;
		}
	}
	t0 = now_ns();
	while (bad < 0 && (busy = turn(o, ts, pfd, 0, deadline, &bad)) > 0)
		;
	elapsed = now_ns() - t0;
	if (bad >= 0 || busy == -1) {
		snprintf(err, sizeof(err), "connection %ld: %s", bad,
		    bad >= 0 ? ts[bad].c.err : "poll failed");
		rc = 2;
	} else if (busy == -2) {
		snprintf(err, sizeof(err), "no complete echo within %.0f s",
		    o->timeout_s);
		rc = 3;
	}
	if (rc == 0 && o->hold_ms > 0) {
		hold.tv_sec = o->hold_ms / 1000;
		hold.tv_nsec = (o->hold_ms % 1000) * 1000000L;
		while (nanosleep(&hold, &hold) < 0 && errno == EINTR)
			;
	}
	if (rc == 0) {
		/* Close handshake (raw: FIN, then the peer's), bounded. */
		for (i = 0; i < o->conns; i++) {
			struct tconn *t = &ts[i];
			uint8_t code[2] = { 1000 >> 8, 1000 & 0xff };

			t->closing = 1;
			if (!o->raw)
				queue_frame(t, WSF_CLOSE, code, 2);
			else if (wsconn_shutdown(&t->c) < 0)
				t->done = 1;
		}
		closeby = now_ns() + CLOSE_WAIT_MS * 1000000ULL;
		if (closeby > deadline)
			closeby = deadline;
		while ((busy = turn(o, ts, pfd, 1, closeby, &bad)) > 0)
			;
		for (i = 0; i < o->conns; i++)
			close_ok += ts[i].done;
	}
	report(o, ts, rc == 0 ? "ok" : rc == 3 ? "timeout" : "error",
	    elapsed, close_ok, err);
	for (i = 0; i < o->conns; i++) {
		wsconn_close(&ts[i].c);
		free(ts[i].out);
		free(ts[i].in);
	}
	free(ts);
	free(pfd);
	return rc;
}
