/*
 * proxy_send.c: the --backend-proxy stage, in main.c between opening a
 * tcp: or unix: backend and the 101: write the PROXY header that names
 * the client (c->peer, as --proxy-protocol or --trust-forwarded left it)
 * and the address it reached (c->local when a PROXY header or the UCSPI
 * launcher said, else our socket's own address), before any payload.
 */
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "io.h"
#include "log.h"
#include "proxy_build.h"
#include "wsinetd.h"

/* The version for c's target: its route's, else --backend-proxy's. */
static int
proxy_send_version(const struct conn *c)
{
	int	 v = cfg.backend_proxy;

	if (c->target.kind != TARGET_TCP && c->target.kind != TARGET_UNIX)
		return PROXY_SEND_OFF;
	if (c->route != NULL && c->route->proxy_version != PROXY_SEND_DEFAULT)
		v = c->route->proxy_version;
	return v;
}

/* "ip:port" / "[ip6]:port" of our end of the client connection, or "". */
static void
proxy_send_local(const struct conn *c, char *out, size_t outsize)
{
	struct sockaddr_storage ss;
	socklen_t	 len = sizeof(ss);
	char		 host[NI_MAXHOST], serv[NI_MAXSERV];

	out[0] = '\0';
	if (getsockname(c->cli_in, (struct sockaddr *)&ss, &len) == -1 ||
	    (ss.ss_family != AF_INET && ss.ss_family != AF_INET6) ||
	    getnameinfo((struct sockaddr *)&ss, len, host, sizeof(host), serv,
	    sizeof(serv), NI_NUMERICHOST | NI_NUMERICSERV) != 0)
		return;
	snprintf(out, outsize, ss.ss_family == AF_INET6 ? "[%s]:%s" : "%s:%s",
	    host, serv);
}

int
proxy_send(struct conn *c, int64_t deadline)
{
	unsigned char	 hdr[PROXY_BUILD_MAX];
	char		 local[80];
	size_t		 len = 0, done = 0;
	ssize_t		 n;
	int		 v = proxy_send_version(c), r;

	if (v != PROXY_SEND_V1 && v != PROXY_SEND_V2)
		return 0;
	if (c->local[0] != '\0')
		snprintf(local, sizeof(local), "%s", c->local);
	else
		proxy_send_local(c, local, sizeof(local));
	if (proxy_build(v, c->peer, local, hdr, sizeof(hdr), &len) != 0)
		return 502;		/* cannot happen: the buffer fits */
	while (done < len) {
		n = write(c->target.fd, hdr + done, len - done);
		if (n > 0) {
			done += (size_t)n;
			continue;
		}
		r = n == 0 ? -EPIPE : -errno;
		if (r == -EINTR)
			continue;
		if (r == -EAGAIN && (r = io_wait(c->target.fd, POLLOUT,
		    deadline)) == 0)
			continue;
		if (r == -ETIMEDOUT) {
			log_warnx("%s: backend %s: PROXY header not taken "
			    "within the handshake timeout, answered 504",
			    c->peer, c->target.spec);
			return 504;
		}
		log_warnx("%s: backend %s: sending the PROXY header: %s, "
		    "answered 502", c->peer, c->target.spec, strerror(-r));
		return 502;
	}
	log_info("%s: PROXY %s header to backend %s (%zu bytes, the client "
	    "reached %s)", c->peer, proxy_version_name(v), c->target.spec,
	    len, local[0] ? local : "an unknown address");
	return 0;
}
