/*
 * tls_accept.c: the pipeline stage that decides whether a connection is
 * TLS and, if so, terminates it.  The mode is --tls, else the socket's
 * systemd FileDescriptorName (tls or https: on), else auto when
 * certificates were given, else off.  Auto and on peek at the first byte:
 * a TLS record starts with 0x16 (handshake).
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "http.h"
#include "io.h"
#include "log.h"
#include "stop.h"
#include "tls.h"
#include "wsinetd.h"


static enum tls_mode
tls_mode_for(const struct conn *c)
{
	if (cfg.tls_mode != TLS_DEFAULT)
		return cfg.tls_mode;
	if (c->fd_tls)
		return TLS_ON;
	return cfg.tls_certs_given ? TLS_AUTO : TLS_OFF;
}

/*
 * The client's first byte, left in the socket: >= 0, -1 at EOF or a reset
 * (a probe: log_silent()), -2 when the handshake deadline passed, -3 on
 * another error (logged).  A descriptor that is not a socket cannot be
 * peeked: report a handshake.
 */
static int
tls_peek(struct conn *c, int64_t deadline)
{
	unsigned char	 b;
	ssize_t		 n;
	int		 w;

	for (;;) {
		n = recv(c->cli_in, &b, 1, MSG_PEEK);
		if (n == 1)
			return b;
		if (n == 0 || errno == ECONNRESET) {
			log_silent(c, n == 0 ? 0 : errno);
			return -1;
		}
		if (errno == ENOTSOCK)
			return TLS_RECORD_HANDSHAKE;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN) {
			log_warnx("%s: reading: %s", c->peer, strerror(errno));
			return -3;
		}
		if ((w = io_wait(c->cli_in, POLLIN, deadline)) == -ETIMEDOUT)
			return -2;
		if (w == -ECANCELED) {
			log_warnx("%s: %s before a request: closed", c->peer,
			    stop_name());
			return -3;
		}
		if (w < 0) {
			log_warnx("%s: waiting: %s", c->peer, strerror(-w));
			return -3;
		}
	}
}

/*
 * The first half of the stage, run with the privileges we started with:
 * peek at the first byte (one comparison, nothing is parsed) and, for a
 * TLS client, load GnuTLS and read the certificate files, which may be
 * readable only by root.  Privileges are dropped between this and
 * tls_start(), so the handshake parses client bytes without them.
 * Returns 0 to go on (c->tls set for a TLS client), or -1 when the
 * connection is over (answered and logged, c->exit_status set).
 */
int
tls_detect(struct conn *c)
{
	enum tls_mode	 mode = tls_mode_for(c);
	int64_t		 deadline;
	int		 first, r;

	if (mode == TLS_OFF)
		return 0;
	deadline = c->stage_ms + (int64_t)cfg.handshake_timeout * 1000;
	first = tls_peek(c, deadline);
	if (first == -1)
		return -1;
	if (first == -2) {
		log_warnx("%s: TLS handshake timed out: nothing received in "
		    "%d s", c->peer, cfg.handshake_timeout);
		return -1;
	}
	if (first == -3)
		return -1;
	if (first != TLS_RECORD_HANDSHAKE) {
		tls_free(c->tls);		/* preloaded, not needed */
		c->tls = NULL;
		if (mode == TLS_AUTO)
			return 0;
		if (first >= 'A' && first <= 'Z') {
			log_warnx("%s: plain HTTP on a TLS port, answered 400 "
			    "(use wss://, or --tls auto to accept both)",
			    c->peer);
			http_fail(c, 400, "plain HTTP sent to a TLS port; use "
			    "wss://");
		} else
			log_warnx("%s: not a TLS handshake on a TLS port "
			    "(first byte 0x%02x)", c->peer, first);
		return -1;
	}
	if (c->tls == NULL && (r = tls_open(c)) != 0) {
		c->exit_status = r;
		return -1;
	}
	return 0;
}

/*
 * With --proxy-protocol the first byte belongs to the PROXY header, which
 * is parsed only after privileges are dropped, so tls_detect() would run
 * too late to read root-only files: load GnuTLS and the files for every
 * connection that may be TLS, before the drop.  Returns 0, or -1 when the
 * connection is over (c->exit_status 78: the files could not be loaded).
 */
int
tls_preload(struct conn *c)
{
	int	 r;

	if (tls_mode_for(c) == TLS_OFF)
		return 0;
	if ((r = tls_open(c)) != 0) {
		c->exit_status = r;
		return -1;
	}
	return 0;
}

/*
 * The second half, after privileges are dropped: shake hands within the
 * handshake deadline when tls_detect() found a TLS client.  Returns 0 to
 * go on to the HTTP request, or -1 when the connection is over.
 */
int
tls_start(struct conn *c)
{
	int64_t		 deadline;

	if (c->tls == NULL)
		return 0;
	deadline = c->stage_ms + (int64_t)cfg.handshake_timeout * 1000;
	if (tls_handshake(c, deadline) != 0) {
		/* Let our alert reach a client that is still there. */
		if (now_ms() < deadline)
			io_linger(c->cli_in, c->cli_out, CLOSE_WAIT_MS);
		return -1;
	}
	return 0;
}
