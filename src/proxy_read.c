/*
 * proxy_read.c: the --proxy-protocol stage, after privileges are dropped
 * and before TLS and HTTP: take exactly the PROXY header off the client
 * socket, and nothing after it, then name the connection by the real
 * client's address (c->peer; the proxy's goes to c->via).
 *
 * Bytes are peeked, and consumed only once proxy_parse() says they belong
 * to the header, so what follows (a TLS ClientHello, the HTTP request) is
 * still in the socket for the next stage, and a header that arrives in
 * pieces costs no busy loop.  A missing, malformed or late header closes
 * the connection with one log line: a proxy that is configured to send it
 * always does, so anything else is not our client.  A connection that ends
 * before its first byte is a probe, not a bad header (log_silent()), and
 * so is one whose header is v2 LOCAL: the proxy's own health check.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "io.h"
#include "log.h"
#include "proxy.h"
#include "stop.h"
#include "wsinetd.h"

/* Consume n bytes already peeked: 0, or -errno. */
static int
proxy_consume(int fd, unsigned char *p, size_t n)
{
	ssize_t	 r;

	while (n > 0) {
		if ((r = read(fd, p, n)) == -1) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (r == 0)
			return -EPIPE;
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

static int
proxy_refuse(struct conn *c, const char *why)
{
	log_warnx("%s: PROXY protocol: %s; closed (--proxy-protocol expects "
	    "every connection to start with a v1 or v2 header)", c->peer, why);
	return -1;
}

/* 0 with c->peer the real client, or -1 after logging the refusal. */
int
proxy_read(struct conn *c)
{
	unsigned char	 hdr[PROXY_V2_MAX];
	struct proxy_info pi;
	enum proxy_result res = PROXY_PARTIAL;
	int64_t		 deadline;
	size_t		 have = 0, len = 0;
	ssize_t		 n;
	char		 why[160];
	int		 r;

	deadline = c->stage_ms + (int64_t)cfg.handshake_timeout * 1000;
	for (;;) {
		n = recv(c->cli_in, hdr + have, sizeof(hdr) - have, MSG_PEEK);
		if (have == 0 && (n == 0 || (n == -1 && errno ==
		    ECONNRESET))) {
			log_silent(c, n == 0 ? 0 : errno);	/* a probe */
			return -1;
		}
		if (n == 0)
			return proxy_refuse(c, "the connection closed inside "
			    "the header");
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && errno != EAGAIN) {
			snprintf(why, sizeof(why), "reading: %s",
			    strerror(errno));
			return proxy_refuse(c, why);
		}
		if (n > 0) {
			res = proxy_parse(hdr, have + (size_t)n, &pi, &len);
			if (res == PROXY_BAD)
				return proxy_refuse(c, pi.why);
			/* PARTIAL: every byte peeked is header: take it. */
			len = res == PROXY_OK ? len - have : (size_t)n;
			if ((r = proxy_consume(c->cli_in, hdr + have, len)) <
			    0) {
				snprintf(why, sizeof(why), "reading: %s",
				    strerror(-r));
				return proxy_refuse(c, why);
			}
			have += len;
			if (res == PROXY_OK)
				break;
		}
		if ((r = io_wait(c->cli_in, POLLIN, deadline)) < 0) {
			if (r == -ECANCELED) {
				log_warnx("%s: %s before a request: closed",
				    c->peer, stop_name());
				return -1;
			}
			if (r == -ETIMEDOUT)
				snprintf(why, sizeof(why), "no complete header "
				    "within %d s", cfg.handshake_timeout);
			else
				snprintf(why, sizeof(why), "waiting: %s",
				    strerror(-r));
			return proxy_refuse(c, why);
		}
	}
	snprintf(c->via, sizeof(c->via), "%s", c->peer);
	if (!pi.local && pi.peer[0] != '\0') {
		snprintf(c->peer, sizeof(c->peer), "%s", pi.peer);
		snprintf(c->local, sizeof(c->local), "%s", pi.dst);
	}
	c->probe = pi.own;		/* its lines are -v only */
	if (!c->probe)
		log_info("%s: PROXY header from %s (%zu bytes)", c->peer,
		    c->via, have);
	return 0;
}
