/*
 * listen.c: the only listening code, for --listen (development) and
 * sockets systemd passes with Accept=no.  The parent accepts and forks;
 * each child returns from listen_run() with its connection in c and goes
 * on as if systemd had started it with Accept=yes.  Children are reaped
 * as they exit.  The parent runs until it is signalled.
 */
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "activation.h"
#include "listen.h"
#include "log.h"
#include "tls.h"
#include "wsinetd.h"

/* Bind ADDR:PORT ("[v6]:port" for IPv6); exits 64 or 1 on failure. */
int
listen_bind(const char *spec)
{
	struct addrinfo	 hints, *res;
	char		 host[256];
	const char	*port, *h = spec;
	size_t		 hlen;
	int		 fd, r, one = 1;

	if (*spec == '[') {
		const char *e = strchr(spec, ']');

		if (e == NULL || e[1] != ':')
			fatalx(EXIT_USAGE, "--listen %s: want [ADDR]:PORT",
			    spec);
		h = spec + 1;
		hlen = (size_t)(e - h);
		port = e + 2;
	} else {
		if ((port = strrchr(spec, ':')) == NULL)
			fatalx(EXIT_USAGE, "--listen %s: want ADDR:PORT", spec);
		hlen = (size_t)(port - spec);
		port++;
	}
	if (hlen >= sizeof(host) || *port == '\0')
		fatalx(EXIT_USAGE, "--listen %s: want ADDR:PORT", spec);
	memcpy(host, h, hlen);
	host[hlen] = '\0';

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	if ((r = getaddrinfo(hlen ? host : NULL, port, &hints, &res)) != 0)
		fatalx(EXIT_USAGE, "--listen %s: %s", spec, gai_strerror(r));
	fd = socket(res->ai_family, res->ai_socktype | SOCK_CLOEXEC,
	    res->ai_protocol);
	if (fd == -1)
		fatal(EXIT_FAIL, "--listen %s: socket", spec);
	(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, res->ai_addr, res->ai_addrlen) == -1)
		fatal(EXIT_FAIL, "--listen %s: bind", spec);
	if (listen(fd, SOMAXCONN) == -1)
		fatal(EXIT_FAIL, "--listen %s: listen", spec);
	freeaddrinfo(res);
	log_warnx("listening on %s", spec);
	return fd;
}

/* Only interrupts ppoll(); the reaping happens in the loop. */
static void
listen_sigchld(int sig)
{
	(void)sig;
}

static void
listen_reap(void)
{
	while (waitpid(-1, NULL, WNOHANG) > 0)
		continue;
}

/*
 * Accept on fds[0..n) forever; return only in a child, with c's client
 * descriptors and peer set.  SIGCHLD stays blocked except inside ppoll(),
 * so no exit is missed between reaping and waiting.
 */
void
listen_run(struct conn *c, const int *fds, const bool *tls, int n)
{
	struct pollfd	 pfd[LISTEN_MAX];
	struct sigaction sa;
	sigset_t	 block, empty;
	pid_t		 pid;
	int		 i, cfd;
	bool		 preload = false;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = listen_sigchld;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGCHLD, &sa, NULL);
	sigemptyset(&block);
	sigaddset(&block, SIGCHLD);
	sigprocmask(SIG_BLOCK, &block, NULL);
	sigemptyset(&empty);
	for (i = 0; i < n; i++) {
		pfd[i].fd = fds[i];
		pfd[i].events = POLLIN;
		if (tls != NULL && tls[i])
			preload = true;
	}
	if (preload || cfg.tls_mode == TLS_ON || cfg.tls_mode == TLS_AUTO ||
	    (cfg.tls_mode == TLS_DEFAULT && cfg.tls_certs_given))
		tls_preload_lib();
	for (;;) {
		listen_reap();
		if (ppoll(pfd, (nfds_t)n, NULL, &empty) == -1) {
			if (errno != EINTR)
				fatal(EXIT_FAIL, "poll");
			continue;
		}
		for (i = 0; i < n; i++) {
			if (!(pfd[i].revents & POLLIN))
				continue;
			cfd = accept4(fds[i], NULL, NULL, SOCK_CLOEXEC);
			if (cfd == -1) {
				if (errno != EAGAIN && errno != EINTR &&
				    errno != ECONNABORTED)
					log_warn("accept");
				continue;
			}
			if ((pid = fork()) == -1) {
				log_warn("fork");
				close(cfd);
				continue;
			}
			if (pid > 0) {
				close(cfd);
				continue;
			}
			/* Child: one connection, as under Accept=yes. */
			c->fd_tls = tls != NULL && tls[i];
			for (i = 0; i < n; i++)
				close(fds[i]);
			sa.sa_handler = SIG_DFL;
			sigaction(SIGCHLD, &sa, NULL);
			sigprocmask(SIG_UNBLOCK, &block, NULL);
			c->cli_in = c->cli_out = cfd;
			activation_set_peer(c, cfd);
			return;
		}
	}
}
