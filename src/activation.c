/*
 * activation.c: adopt the connection, in DESIGN.md's order: LISTEN_FDS
 * from systemd (a connected socket is ours; listening ones go to the
 * resident parent, resident.c, which returns here in a child per
 * connection), then a socket on stdin (inetd nowait: read fd 0, write
 * fd 1; a listening one is inetd wait), then pipes from a UCSPI launcher
 * (ucspi.c), then --listen.  Anything else is a usage error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "activation.h"
#include "log.h"
#include "peer.h"
#include "resident.h"
#include "sdfds.h"
#include "ucspi.h"
#include "wsinetd.h"

/*
 * systemd (Accept=yes) puts the peer in $REMOTE_ADDR and $REMOTE_PORT;
 * use them when both are there, else ask the socket.
 */
static void
activation_env_peer(struct conn *c, int fd)
{
	const char	*addr = getenv("REMOTE_ADDR");
	const char	*port = getenv("REMOTE_PORT");

	if (addr == NULL || port == NULL || strlen(addr) > 45 ||
	    strlen(port) > 5) {
		peer_of_fd(fd, c->peer, sizeof(c->peer));
		return;
	}
	if (strchr(addr, ':') != NULL)
		snprintf(c->peer, sizeof(c->peer), "[%s]:%s", addr, port);
	else
		snprintf(c->peer, sizeof(c->peer), "%s:%s", addr, port);
}

/* FileDescriptorName=tls or https marks a socket whose clients speak TLS. */
static bool
activation_named_tls(const struct sdfds *f, int i)
{
	return strcmp(f->names[i], "tls") == 0 ||
	    strcmp(f->names[i], "https") == 0;
}



static void
activation_systemd(struct conn *c, const struct sdfds *f)
{
	int	 fds[LISTEN_MAX], i, fd;
	bool	 tls[LISTEN_MAX];

	fd = SDFDS_START;
	if (f->n == 1 && sdfds_is_stream(fd, 0)) {
		c->cli_in = c->cli_out = fd;
		c->fd_tls = activation_named_tls(f, 0);
		activation_env_peer(c, fd);
		return;
	}
	if (f->n > LISTEN_MAX)
		fatalx(EXIT_USAGE, "systemd passed %d sockets; at most %d "
		    "listening sockets are supported", f->n, LISTEN_MAX);
	for (i = 0; i < f->n; i++) {
		fds[i] = SDFDS_START + i;
		tls[i] = activation_named_tls(f, i);
		if (!sdfds_is_stream(fds[i], 1))
			fatalx(EXIT_USAGE, "socket fd %d (%s) is neither one "
			    "connected stream socket (Accept=yes) nor a "
			    "listening one (Accept=no)", fds[i],
			    f->names[i][0] ? f->names[i] : "unnamed");
	}
	resident_run(c, fds, tls, f->n);	/* Accept=no */
}

void
activation_adopt(struct conn *c)
{
	struct sdfds	 f;
	int		 r, fd;

	if ((r = sdfds_get(&f)) < 0)
		fatalx(EXIT_USAGE, "LISTEN_PID/LISTEN_FDS: %s", strerror(-r));
	if (f.n > 0) {
		activation_systemd(c, &f);
		return;
	}
	if (sdfds_is_stream(STDIN_FILENO, -1)) {
		if (sdfds_is_stream(STDIN_FILENO, 1)) {
			fd = STDIN_FILENO;
			resident_run(c, &fd, NULL, 1);	/* inetd wait */
			return;
		}
		c->cli_in = STDIN_FILENO;
		c->cli_out = STDOUT_FILENO;
		peer_of_fd(STDIN_FILENO, c->peer, sizeof(c->peer));
		return;
	}
	if (ucspi_adopt(c))			/* pipes: s6-tlsserver */
		return;
	if (cfg.listen != NULL) {
		resident_run(c, NULL, NULL, 0);	/* binds --listen */
		return;
	}
	fatalx(EXIT_USAGE, "no connection to handle: start me from a systemd "
	    ".socket unit (Accept=yes), from inetd/xinetd (wait = no), or "
	    "with --listen ADDR:PORT");
}
