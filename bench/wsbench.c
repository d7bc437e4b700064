/*
 * wsbench.c: the load client behind `make bench`.
 *
 *   wsbench latency    N connections (K workers), each: connect, upgrade,
 *                      one echoed message, close handshake, close
 *   wsbench throughput C connections each sending M MiB in frames of S
 *                      bytes while reading the echo (bench/wsthru.c)
 *   wsbench raw        the same bytes over TCP (or TLS) with no framing
 *   wsbench spawn      fork+exec a program N times: start-up cost
 *
 * Every echoed byte is compared with the pattern that was sent.  Output:
 * one JSON line on stdout for bench/run, one line for people on stderr.
 * Only loopback addresses are accepted, and every run is bounded by a
 * count and by --timeout.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "wsbench.h"
#include "wsframe.h"

extern char **environ;

static uint8_t	*pattern;

int
pattern_init(void)
{
	uint64_t x = 0x2545f4914f6cdd1dULL;
	size_t	 i;

	if ((pattern = malloc((size_t)PAT_LEN + PAT_SPAN)) == NULL)
		return -1;
	for (i = 0; i < PAT_LEN; i++) {		/* xorshift64 */
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		pattern[i] = (uint8_t)(x >> 32);
	}
	for (i = PAT_LEN; i < (size_t)PAT_LEN + PAT_SPAN; i++)
		pattern[i] = pattern[i - PAT_LEN];	/* periodic tail */
	return 0;
}

const uint8_t *
pat_at(uint64_t off)
{
	return pattern + off % PAT_LEN;
}

uint64_t
now_ns(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

uint64_t
deadline_ns(const struct opts *o)
{
	return now_ns() + (uint64_t)(o->timeout_s * 1e9);
}

static void
json_str(const char *s)
{
	putchar('"');
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			printf("\\u%04x", *s);
		else
			putchar(*s);
	}
	putchar('"');
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The q-quantile (nearest rank) of n sorted values, in milliseconds. */
static double
quant_ms(const uint64_t *v, size_t n, double q)
{
	size_t	 i;

	if (n == 0)
		return 0;
	i = (size_t)(q * (double)n + 0.999999);
	if (i > 0)
		i--;
	if (i >= n)
		i = n - 1;
	return (double)v[i] / 1e6;
}

/* ---- latency mode ----------------------------------------------------- */

struct worker {
	pthread_t		 th;
	const struct opts	*o;
	long			 id, n;		/* connections to make */
	long			 done;
	uint64_t		*total_ns, *up_ns;
	uint8_t			*msg;		/* one masked frame */
	uint8_t			 rx[65536];
	size_t			 roff, rlen;
	char			 err[200];
};

static atomic_long	 lat_errors;
static atomic_int	 lat_stop, lat_timedout;
static uint64_t		 lat_deadline;

/* Compact and read more into w->rx; 0, 1 at end of stream, -1 error. */
static int
rx_fill(struct worker *w, struct wsconn *c)
{
	ssize_t	 n;

	if (w->roff > 0) {
		memmove(w->rx, w->rx + w->roff, w->rlen - w->roff);
		w->rlen -= w->roff;
		w->roff = 0;
	}
	if (w->rlen == sizeof(w->rx)) {
		snprintf(c->err, sizeof(c->err), "receive buffer full");
		return -1;
	}
	if ((n = wsconn_read(c, w->rx + w->rlen, sizeof(w->rx) - w->rlen)) < 0) {
		if (errno == EAGAIN)
			snprintf(c->err, sizeof(c->err), "read: timed out");
		return -1;
	}
	if (n == 0)
		return 1;
	w->rlen += (size_t)n;
	return 0;
}

/*
 * Read frames until want payload bytes of data frames have arrived (a
 * server may split a message), comparing them with the pattern; with
 * want 0, read until the server's Close.  0, or -1 with c->err set.
 */
static int
rx_frames(struct worker *w, struct wsconn *c, size_t want)
{
	struct wsf_hdr	 h;
	size_t		 got = 0, avail, m;
	uint64_t	 left;
	int		 hl, rc;

	for (;;) {
		if (want > 0 && got == want)
			return 0;
		hl = wsf_decode(w->rx + w->roff, w->rlen - w->roff, &h);
		if (hl < 0) {
			snprintf(c->err, sizeof(c->err), "bad frame header");
			return -1;
		}
		if (hl == 0 || ((h.opcode & 0x8) &&
		    w->rlen - w->roff < (size_t)hl + h.len)) {
			if ((rc = rx_fill(w, c)) == 1) {
				if (want == 0)
					return 0;	/* EOF for a Close */
				snprintf(c->err, sizeof(c->err),
				    "end of stream after %zu of %zu bytes",
				    got, want);
			}
			if (rc != 0)
				return -1;
			continue;
		}
		w->roff += (size_t)hl;
		if (h.opcode == WSF_CLOSE) {
			w->roff += h.len;
			if (want == 0)
				return 0;
			snprintf(c->err, sizeof(c->err),
			    "Close after %zu of %zu bytes", got, want);
			return -1;
		}
		if (h.opcode & 0x8) {			/* ping, pong: skip */
			w->roff += h.len;
			continue;
		}
		for (left = h.len; left > 0;) {
			avail = w->rlen - w->roff;
			if (avail == 0) {
				if ((rc = rx_fill(w, c)) == 1)
					snprintf(c->err, sizeof(c->err),
					    "end of stream in a frame");
				if (rc != 0)
					return -1;
				continue;
			}
			m = avail < left ? avail : (size_t)left;
			if (h.masked)
				wsf_mask(w->rx + w->roff, m, h.mask,
				    h.len - left);
			if (want == 0 || got + m > want ||
			    memcmp(w->rx + w->roff, pat_at(got), m) != 0) {
				snprintf(c->err, sizeof(c->err),
				    "echo differs near byte %zu", got);
				return -1;
			}
			got += m;
			w->roff += m;
			left -= m;
		}
	}
}

/* w->msg as one masked binary frame of o->bytes pattern bytes; its size. */
static size_t
msg_build(struct worker *w, uint64_t seed, uint8_t mask[4])
{
	size_t	 hl, i;

	for (i = 0; i < 4; i++)
		mask[i] = (uint8_t)(seed >> (8 * i + 3));
	hl = wsf_encode(w->msg, WSF_BINARY, w->o->bytes, mask);
	memcpy(w->msg + hl, pat_at(0), w->o->bytes);
	wsf_mask(w->msg + hl, w->o->bytes, mask, 0);
	return hl + w->o->bytes;
}

/* Our Close 1000 and the server's, to the end of the stream. */
static int
ws_bye(struct worker *w, struct wsconn *c, const uint8_t mask[4])
{
	uint8_t	 close_frame[8];
	size_t	 hl;

	hl = wsf_encode(close_frame, WSF_CLOSE, 2, mask);
	close_frame[hl] = 1000 >> 8;
	close_frame[hl + 1] = 1000 & 0xff;
	wsf_mask(close_frame + hl, 2, mask, 0);
	if (wsconn_write_all(c, close_frame, hl + 2) < 0 ||
	    rx_frames(w, c, 0) < 0)
		return -1;
	return 0;
}

/* Open and upgrade (ws) or just open (raw); *up: how long it took. */
static int
conn_start(struct worker *w, struct wsconn *c, uint64_t seed, uint64_t *up)
{
	const struct opts *o = w->o;
	uint64_t	 t0 = now_ns();

	if (wsconn_open(c, &o->target, &o->tls, CONN_TIMEOUT_MS) < 0)
		return -1;
	w->roff = w->rlen = 0;
	if (!o->raw && wsconn_upgrade(c, &o->target, seed, w->rx,
	    sizeof(w->rx), &w->rlen) < 0)
		return -1;
	*up = now_ns() - t0;
	return 0;
}

/* raw: o->bytes of pattern out and the same bytes back. */
static int
raw_echo(struct worker *w, struct wsconn *c)
{
	const struct opts *o = w->o;
	size_t		 got = 0;
	ssize_t		 n;

	if (wsconn_write_all(c, pat_at(0), o->bytes) < 0)
		return -1;
	while (got < o->bytes) {
		n = wsconn_read(c, w->rx, sizeof(w->rx));
		if (n <= 0) {
			if (n == 0 || errno == EAGAIN)
				snprintf(c->err, sizeof(c->err),
				    "%s after %zu of %zu bytes", n == 0 ?
				    "end of stream" : "timed out", got,
				    o->bytes);
			return -1;
		}
		if (got + (size_t)n > o->bytes ||
		    memcmp(w->rx, pat_at(got), (size_t)n) != 0) {
			snprintf(c->err, sizeof(c->err),
			    "echo differs near byte %zu", got);
			return -1;
		}
		got += (size_t)n;
	}
	return 0;
}

static int
lat_ws(struct worker *w, struct wsconn *c, uint64_t seed, uint64_t *up)
{
	uint8_t		 mask[4];
	size_t		 len;

	if (conn_start(w, c, seed, up) < 0)
		return -1;
	len = msg_build(w, seed, mask);
	if (wsconn_write_all(c, w->msg, len) < 0 ||
	    rx_frames(w, c, w->o->bytes) < 0)
		return -1;
	return ws_bye(w, c, mask);
}

static int
lat_raw(struct worker *w, struct wsconn *c, uint64_t *up)
{
	if (conn_start(w, c, 0, up) < 0 || raw_echo(w, c) < 0)
		return -1;
	if (wsconn_shutdown(c) < 0 || wsconn_drain(c) < 0)
		return -1;
	return 0;
}

static void *
lat_worker(void *arg)
{
	struct worker	*w = arg;
	struct wsconn	 c;
	uint64_t	 t0, up = 0;
	long		 i;
	int		 rc;

	for (i = 0; i < w->n && !atomic_load(&lat_stop); i++) {
		if (now_ns() > lat_deadline) {
			atomic_store(&lat_timedout, 1);
			atomic_store(&lat_stop, 1);
			break;
		}
		t0 = now_ns();
		rc = w->o->raw ? lat_raw(w, &c, &up) :
		    lat_ws(w, &c, ((uint64_t)w->id << 40) + (uint64_t)i, &up);
		wsconn_close(&c);
		if (rc < 0) {
			if (w->err[0] == '\0')
				snprintf(w->err, sizeof(w->err), "%s", c.err);
			if (atomic_fetch_add(&lat_errors, 1) + 1 >=
			    w->o->max_errors)
				atomic_store(&lat_stop, 1);
			continue;
		}
		w->total_ns[w->done] = now_ns() - t0;
		w->up_ns[w->done] = up;
		w->done++;
	}
	return NULL;
}

static int
latency_run(const struct opts *o)
{
	struct worker	*ws;
	uint64_t	*tot, *up, t0, wall;
	const char	*err = "", *status;
	long		 i, j, done = 0, per, errors;
	double		 cps;
	int		 rc;

	if ((ws = calloc((size_t)o->k, sizeof(*ws))) == NULL ||
	    (tot = calloc((size_t)o->n, sizeof(*tot))) == NULL ||
	    (up = calloc((size_t)o->n, sizeof(*up))) == NULL) {
		fprintf(stderr, "wsbench: out of memory\n");
		return 1;
	}
	per = o->n / o->k;
	for (i = 0, j = 0; i < o->k; i++) {
		ws[i].o = o;
		ws[i].id = i;
		ws[i].n = per + (i < o->n % o->k);
		ws[i].total_ns = tot + j;
		ws[i].up_ns = up + j;
		j += ws[i].n;
		if ((ws[i].msg = malloc(o->bytes + WSF_HDR_MAX)) == NULL) {
			fprintf(stderr, "wsbench: out of memory\n");
			return 1;
		}
	}
	lat_deadline = deadline_ns(o);
	t0 = now_ns();
	for (i = 0; i < o->k; i++) {
		if ((rc = pthread_create(&ws[i].th, NULL, lat_worker,
		    &ws[i])) != 0) {
			fprintf(stderr, "wsbench: pthread_create: %s\n",
			    strerror(rc));
			return 1;
		}
	}
	for (i = 0; i < o->k; i++)
		if ((rc = pthread_join(ws[i].th, NULL)) != 0) {
			fprintf(stderr, "wsbench: pthread_join: %s\n",
			    strerror(rc));
			return 1;
		}
	wall = now_ns() - t0;
	/* Gather the finished connections' times into one array. */
	for (i = 0; i < o->k; i++) {
		memmove(tot + done, ws[i].total_ns, ws[i].done * sizeof(*tot));
		memmove(up + done, ws[i].up_ns, ws[i].done * sizeof(*up));
		done += ws[i].done;
		if (*err == '\0' && ws[i].err[0] != '\0')
			err = ws[i].err;
		free(ws[i].msg);
	}
	qsort(tot, (size_t)done, sizeof(*tot), cmp_u64);
	qsort(up, (size_t)done, sizeof(*up), cmp_u64);
	errors = atomic_load(&lat_errors);
	status = done == o->n ? "ok" : errors == 0 &&
	    atomic_load(&lat_timedout) ? "timeout" : "error";
	cps = wall > 0 ? (double)done * 1e9 / (double)wall : 0;
	printf("{\"mode\":\"latency\",\"label\":");
	json_str(o->label);
	printf(",\"raw\":%d,\"tls\":%d,\"n\":%ld,\"k\":%ld,\"bytes\":%zu,"
	    "\"done\":%ld,\"errors\":%ld,\"conn_s\":%.1f,\"p50_ms\":%.3f,"
	    "\"p90_ms\":%.3f,\"p99_ms\":%.3f,\"up_p50_ms\":%.3f,"
	    "\"up_p90_ms\":%.3f,\"up_p99_ms\":%.3f,\"status\":\"%s\","
	    "\"error\":", o->raw, o->tls.on, o->n, o->k, o->bytes, done,
	    errors, cps, quant_ms(tot, done, .5), quant_ms(tot, done, .9),
	    quant_ms(tot, done, .99), quant_ms(up, done, .5),
	    quant_ms(up, done, .9), quant_ms(up, done, .99), status);
	json_str(err);
	printf("}\n");
	fprintf(stderr, "%s: %ld/%ld connections (%ld workers), %.0f conn/s; "
	    "round trip p50 %.3f p90 %.3f p99 %.3f ms; connect->%s p50 %.3f "
	    "p99 %.3f ms; %s%s%s\n", o->label, done, o->n, o->k, cps,
	    quant_ms(tot, done, .5), quant_ms(tot, done, .9),
	    quant_ms(tot, done, .99), o->raw ? "connected" : "101",
	    quant_ms(up, done, .5), quant_ms(up, done, .99), status,
	    *err ? ", first error: " : "", err);
	free(ws);
	free(tot);
	free(up);
	return done == o->n ? 0 : errors == 0 ? 3 : 2;
}

/* ---- rtt mode: round trips of one message size on one connection -------- */

/*
 * One connection (upgraded, or raw), then o->n round trips of an o->bytes
 * message, each sent whole and its echo read and compared before the
 * next: the time a message of that size takes there and back on a warm
 * connection, without the connection's own start.
 */
static int
rtt_run(const struct opts *o)
{
	struct worker	*w;
	struct wsconn	 c;
	uint64_t	*t, t0, up = 0, deadline = deadline_ns(o);
	uint8_t		 mask[4];
	size_t		 len = 0;
	long		 done = 0;
	int		 rc = -1;

	if ((w = calloc(1, sizeof(*w))) == NULL ||
	    (t = calloc((size_t)o->n, sizeof(*t))) == NULL ||
	    (w->msg = malloc(o->bytes + WSF_HDR_MAX)) == NULL) {
		fprintf(stderr, "wsbench: out of memory\n");
		return 1;
	}
	w->o = o;
	if (conn_start(w, &c, 1, &up) == 0) {
		if (!o->raw)
			len = msg_build(w, 1, mask);
		for (rc = 0; done < o->n && now_ns() < deadline; done++) {
			t0 = now_ns();
			rc = o->raw ? raw_echo(w, &c) :
			    wsconn_write_all(&c, w->msg, len) < 0 ? -1 :
			    rx_frames(w, &c, o->bytes);
			if (rc < 0)
				break;
			t[done] = now_ns() - t0;
		}
		if (rc == 0)
			rc = o->raw ? (wsconn_shutdown(&c) < 0 ? -1 :
			    wsconn_drain(&c)) : ws_bye(w, &c, mask);
	}
	wsconn_close(&c);
	qsort(t, (size_t)done, sizeof(*t), cmp_u64);
	printf("{\"mode\":\"rtt\",\"label\":");
	json_str(o->label);
	printf(",\"raw\":%d,\"tls\":%d,\"n\":%ld,\"bytes\":%zu,"
	    "\"done\":%ld,\"p50_ms\":%.3f,\"p90_ms\":%.3f,\"p99_ms\":%.3f,"
	    "\"status\":\"%s\",\"error\":", o->raw, o->tls.on, o->n,
	    o->bytes, done, quant_ms(t, done, .5), quant_ms(t, done, .9),
	    quant_ms(t, done, .99), rc < 0 ? "error" : done == o->n ? "ok" :
	    "timeout");
	json_str(rc < 0 ? c.err : "");
	printf("}\n");
	fprintf(stderr, "%s: %ld/%ld round trips of %zu bytes, p50 %.3f p90 "
	    "%.3f ms%s%s\n", o->label, done, o->n, o->bytes,
	    quant_ms(t, done, .5), quant_ms(t, done, .9),
	    rc < 0 ? "; error: " : "", rc < 0 ? c.err : "");
	free(w->msg);
	free(w);
	free(t);
	return rc < 0 ? 2 : done == o->n ? 0 : 3;
}

/* ---- spawn mode: fork+exec start-up cost --------------------------------- */

static int
spawn_run(const struct opts *o)
{
	uint64_t	*t, deadline = deadline_ns(o), t0;
	long		 i, done = 0;
	pid_t		 pid;
	int		 status;

	if ((t = calloc((size_t)o->n, sizeof(*t))) == NULL) {
		fprintf(stderr, "wsbench: out of memory\n");
		return 1;
	}
	for (i = 0; i < o->n && now_ns() < deadline; i++) {
		t0 = now_ns();
		/* fork+exec, as systemd-socket-activate and inetd do. */
		pid = fork();
		if (pid < 0) {
			fprintf(stderr, "wsbench: fork: %s\n", strerror(errno));
			return 1;
		}
		if (pid == 0) {
			int fd = open("/dev/null", O_RDWR);

			if (fd < 0 || dup2(fd, 0) < 0 || dup2(fd, 1) < 0 ||
			    dup2(fd, 2) < 0)
				_exit(126);
			execve(o->argv[0], o->argv, environ);
			_exit(127);
		}
		if (waitpid(pid, &status, 0) < 0) {
			fprintf(stderr, "wsbench: waitpid: %s\n",
			    strerror(errno));
			return 1;
		}
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			fprintf(stderr, "wsbench: %s exited with status %d\n",
			    o->argv[0], WIFEXITED(status) ?
			    WEXITSTATUS(status) : 128 + WTERMSIG(status));
			return 2;
		}
		t[done++] = now_ns() - t0;
	}
	qsort(t, (size_t)done, sizeof(*t), cmp_u64);
	printf("{\"mode\":\"spawn\",\"label\":");
	json_str(o->label);
	printf(",\"n\":%ld,\"done\":%ld,\"p50_ms\":%.3f,\"p90_ms\":%.3f,"
	    "\"p99_ms\":%.3f,\"status\":\"%s\"}\n", o->n, done,
	    quant_ms(t, done, .5), quant_ms(t, done, .9),
	    quant_ms(t, done, .99), done == o->n ? "ok" : "timeout");
	fprintf(stderr, "%s: %ld runs of %s, fork+exec+exit p50 %.3f p90 "
	    "%.3f ms\n", o->label, done, o->argv[0], quant_ms(t, done, .5),
	    quant_ms(t, done, .9));
	free(t);
	return done == o->n ? 0 : 2;
}

/* ---- options -------------------------------------------------------------- */

static void
usage(void)
{
	fprintf(stderr,
"usage: wsbench latency|rtt|throughput|raw [OPTIONS]\n"
"       wsbench spawn [-n N] -- PROGRAM [ARG...]\n"
"  -H, --host ADDR     loopback address (127.0.0.1)\n"
"  -p, --port PORT     server port (required)\n"
"      --path PATH     request target (/)\n"
"  -n N                latency: connections (500); rtt: round trips on one\n"
"                      connection; spawn: runs (200)\n"
"  -k K                latency: concurrent workers (1)\n"
"  -b BYTES            latency, rtt: message size (16)\n"
"  -c C                throughput: connections (1)\n"
"  -m MIB              throughput: MiB each connection sends (256)\n"
"  -s BYTES            throughput: frame (raw: write) size (65536)\n"
"  -w BYTES            throughput: at most BYTES unechoed (0: no limit)\n"
"      --raw           latency, rtt: plain TCP/TLS, no WebSocket\n"
"      --tls           TLS (wss:// or raw TLS)\n"
"      --sni NAME      TLS server name to send and verify\n"
"      --cafile FILE   trust these CAs (default: the system's)\n"
"      --insecure      do not verify the server's certificate\n"
"      --priority STR  GnuTLS priority string\n"
"      --timeout S     bound on the whole run (120)\n"
"      --hold-ms MS    throughput: stay open after the echo (0)\n"
"      --max-errors N  latency: stop after N failed connections (10)\n"
"      --label NAME    name in the output\n");
	exit(64);
}

static long
num(const char *s, long min, long max, const char *what)
{
	char	*end;
	long	 v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < min || v > max) {
		fprintf(stderr, "wsbench: %s: %s is not a number from %ld "
		    "to %ld\n", what, s, min, max);
		exit(64);
	}
	return v;
}

static int
is_loopback(const struct target *t)
{
	const struct sockaddr_in  *s4 = (const void *)&t->addr;
	const struct sockaddr_in6 *s6 = (const void *)&t->addr;

	if (t->addr.ss_family == AF_INET)
		return (ntohl(s4->sin_addr.s_addr) >> 24) == 127;
	if (t->addr.ss_family == AF_INET6)
		return IN6_IS_ADDR_LOOPBACK(&s6->sin6_addr);
	return 0;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "host", required_argument, NULL, 'H' },
		{ "port", required_argument, NULL, 'p' },
		{ "path", required_argument, NULL, 'P' },
		{ "raw", no_argument, NULL, 'r' },
		{ "tls", no_argument, NULL, 't' },
		{ "sni", required_argument, NULL, 'S' },
		{ "cafile", required_argument, NULL, 'C' },
		{ "insecure", no_argument, NULL, 'I' },
		{ "priority", required_argument, NULL, 'R' },
		{ "timeout", required_argument, NULL, 'T' },
		{ "hold-ms", required_argument, NULL, 'h' },
		{ "max-errors", required_argument, NULL, 'e' },
		{ "label", required_argument, NULL, 'l' },
		{ NULL, 0, NULL, 0 }
	};
	struct opts	 o;
	const char	*host = "127.0.0.1", *port = NULL, *path = "/";
	char		 err[200];
	long		 mib_x = -1;
	int		 ch, rc, n_set = 0;

	if (argc < 2 || argv[1][0] == '-')
		usage();
	memset(&o, 0, sizeof(o));
	o.mode = argv[1];
	o.label = o.mode;
	o.k = 1;
	o.n = 500;
	o.bytes = 16;
	o.conns = 1;
	o.frame = 65536;
	o.timeout_s = 120;
	o.max_errors = 10;
	optind = 2;
	while ((ch = getopt_long(argc, argv, "H:p:n:k:b:c:m:s:w:", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'H': host = optarg; break;
		case 'p': port = optarg; break;
		case 'P': path = optarg; break;
		case 'n': o.n = num(optarg, 1, 10000000, "-n"); n_set = 1;
			break;
		case 'k': o.k = num(optarg, 1, 256, "-k"); break;
		case 'b': o.bytes = (size_t)num(optarg, 1, 1 << 20, "-b");
			break;
		case 'c': o.conns = num(optarg, 1, 1000, "-c"); break;
		case 'm': mib_x = num(optarg, 1, 1 << 16, "-m"); break;
		case 's': o.frame = (size_t)num(optarg, 1, 1 << 20, "-s");
			break;
		case 'w': o.window = (uint64_t)num(optarg, 0, 1L << 30, "-w");
			break;
		case 'r': o.raw = 1; break;
		case 't': o.tls.on = 1; break;
		case 'S': o.tls.sni = optarg; break;
		case 'C': o.tls.cafile = optarg; break;
		case 'I': o.tls.insecure = 1; break;
		case 'R': o.tls.priority = optarg; break;
		case 'T': o.timeout_s = (double)num(optarg, 1, 3600,
			"--timeout"); break;
		case 'h': o.hold_ms = num(optarg, 0, 60000, "--hold-ms");
			break;
		case 'e': o.max_errors = num(optarg, 1, 1000000,
			"--max-errors"); break;
		case 'l': o.label = optarg; break;
		default: usage();
		}
	}
	o.total = (uint64_t)(mib_x < 0 ? 256 : mib_x) << 20;
	if (pattern_init() < 0) {
		fprintf(stderr, "wsbench: out of memory\n");
		return 1;
	}
	if (strcmp(o.mode, "spawn") == 0) {
		if (optind >= argc)
			usage();
		o.argv = argv + optind;
		if (!n_set)
			o.n = 200;
		return spawn_run(&o);
	}
	if (optind != argc || port == NULL)
		usage();
	if (o.k > o.n)
		o.k = o.n;
	if (target_resolve(&o.target, host, port, path) < 0)
		return 1;
	if (!is_loopback(&o.target)) {
		fprintf(stderr, "wsbench: %s is not a loopback address\n",
		    host);
		return 64;
	}
	if (tlsconf_init(&o.tls, err, sizeof(err)) < 0) {
		fprintf(stderr, "wsbench: %s\n", err);
		return 1;
	}
	if (strcmp(o.mode, "latency") == 0)
		rc = latency_run(&o);
	else if (strcmp(o.mode, "rtt") == 0)
		rc = rtt_run(&o);
	else if (strcmp(o.mode, "throughput") == 0)
		rc = thru_run(&o);
	else if (strcmp(o.mode, "raw") == 0) {
		o.raw = 1;
		rc = thru_run(&o);
	} else
		usage();
	tlsconf_free(&o.tls);
	return rc;
}
