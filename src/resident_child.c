/*
 * resident_child.c: a resident parent's child, from the fork to its one
 * connection.  A pre-forked child waits in accept() itself (the kernel
 * wakes one waiter per connection), tells the parent it has one, and
 * returns with it in c, as if systemd had started it with Accept=yes; with
 * --prefork 0 the parent accepted and the child only takes over.  Either
 * way nothing of the parent's is left open: not its signalfd, not the
 * pipe other children report on, not the listening sockets, not the
 * notify relay; the signal mask is the one main() had.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "log.h"
#include "peer.h"
#include "resident_int.h"
#include "wsinetd.h"

/*
 * accept(2): errors of the pending connection itself (RST before accept,
 * the network errors Linux passes on, a firewall's EPERM) are retried at
 * once; running out of descriptors or memory would only repeat, so the
 * caller waits RESIDENT_BACKOFF_MS (nginx waits 500 ms too); anything
 * else means the socket cannot be accepted on.
 */
enum resident_accept
resident_accept_error(int err)
{
	switch (err) {
	case EAGAIN:
	case EINTR:
	case ECONNABORTED:
	case EPROTO:
	case EPERM:
	case ENETDOWN:
	case ENOPROTOOPT:
	case EHOSTDOWN:
	case ENONET:
	case EHOSTUNREACH:
	case EOPNOTSUPP:
	case ENETUNREACH:
		return RESIDENT_AGAIN;
	case EMFILE:
	case ENFILE:
	case ENOMEM:
	case ENOBUFS:
		return RESIDENT_BACKOFF;
	default:
		return RESIDENT_BROKEN;
	}
}

/*
 * What every child does first: drop the parent's descriptors, and take
 * main()'s signal mask back, with SIGTERM and SIGINT still blocked when
 * stop_term is false.  A child with a connection keeps them blocked until
 * stop.c's handler is in place (main() installs it after activation), so
 * a forwarded SIGTERM that arrives meanwhile is answered as a handler
 * answers it, not by the default action.
 */
static void
resident_child_common(struct resident *r, bool stop_term)
{
	sigset_t	 mask = r->oldmask;

	close(r->sigfd);
	if (r->busy_r >= 0)
		close(r->busy_r);
	if (r->notify >= 0)
		close(r->notify);
	free(r->kids);
	r->kids = NULL;
	if (!stop_term) {
		sigaddset(&mask, SIGTERM);
		sigaddset(&mask, SIGINT);
	}
	sigprocmask(SIG_SETMASK, &mask, NULL);
}

static void
resident_child_conn(struct resident *r, struct conn *c, int cfd, int i,
    const struct sockaddr *sa, unsigned len)
{
	int	 j;

	c->fd_tls = r->tls[i];
	for (j = 0; j < r->n; j++)
		close(r->fds[j]);
	c->cli_in = c->cli_out = cfd;
	c->forked = true;
	peer_format(sa, (socklen_t)len, c->peer, sizeof(c->peer));
}

/* --prefork 0: the parent accepted cfd on fds[i] and forked us. */
void
resident_child_forked(struct resident *r, struct conn *c, int cfd, int i,
    const struct sockaddr *sa, unsigned len)
{
	resident_child_common(r, false);
	resident_child_conn(r, c, cfd, i, sa, len);
}

/* Several sockets: one epoll set, each waking one waiter per connection. */
static int
resident_child_epoll(struct resident *r)
{
	struct epoll_event ev;
	int	 ep, i;

	if ((ep = epoll_create1(EPOLL_CLOEXEC)) == -1)
		fatal(EXIT_FAIL, "epoll_create1");
	for (i = 0; i < r->n; i++) {
		ev.events = EPOLLIN | EPOLLEXCLUSIVE;
		ev.data.u32 = (uint32_t)i;
		if (epoll_ctl(ep, EPOLL_CTL_ADD, r->fds[i], &ev) == -1)
			fatal(EXIT_FAIL, "epoll_ctl");
	}
	return ep;
}

/*
 * A pre-forked child: accept one connection, report it, return with it
 * in c.  Idle, the child dies with the parent (PR_SET_PDEATHSIG) and on
 * SIGTERM or SIGINT (their default actions, whatever main() installed);
 * once it has its connection, neither: those signals then wait, blocked,
 * for stop.c.
 */
void
resident_child(struct resident *r, struct conn *c)
{
	struct sockaddr_storage ss;
	struct sigaction dfl, term, intr;
	struct epoll_event ev;
	socklen_t	 len;
	sigset_t	 stop;
	pid_t		 me;
	int		 ep = -1, cfd, i;

	resident_child_common(r, true);		/* idle: they end us */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) == -1 || getppid() != r->self)
		_exit(EXIT_OK);
	me = getpid();
	if (r->term_handled) {
		memset(&dfl, 0, sizeof(dfl));
		dfl.sa_handler = SIG_DFL;
		sigaction(SIGTERM, &dfl, &term);
		sigaction(SIGINT, &dfl, &intr);
	}
	if (r->n > 1)
		ep = resident_child_epoll(r);
	for (;;) {
		i = 0;
		if (ep >= 0) {
			if (epoll_wait(ep, &ev, 1, -1) != 1)
				continue;
			i = (int)ev.data.u32;
		}
		len = sizeof(ss);
		cfd = accept4(r->fds[i], (struct sockaddr *)&ss, &len,
		    SOCK_CLOEXEC);
		if (cfd >= 0)
			break;
		switch (resident_accept_error(errno)) {
		case RESIDENT_AGAIN:
			continue;
		case RESIDENT_BACKOFF:
			log_warn("accept: trying again in %d ms",
			    RESIDENT_BACKOFF_MS);
			(void)poll(NULL, 0, RESIDENT_BACKOFF_MS);
			continue;
		case RESIDENT_BROKEN:
			log_warn("accept on descriptor %d", r->fds[i]);
			_exit(EXIT_FAIL);
		}
	}
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	sigprocmask(SIG_BLOCK, &stop, NULL);	/* see resident_child_common */
	(void)prctl(PR_SET_PDEATHSIG, 0);
	/* One write of a pid is atomic (PIPE_BUF).  Should the pipe be full
	 * the parent counts us idle until we exit, and forks one child
	 * fewer meanwhile: nothing else depends on it. */
	if (write(r->busy_w, &me, sizeof(me)) != sizeof(me))
		log_warn("telling the parent about a connection");
	close(r->busy_w);
	if (ep >= 0)
		close(ep);
	if (r->term_handled) {
		sigaction(SIGTERM, &term, NULL);
		sigaction(SIGINT, &intr, NULL);
	}
	resident_child_conn(r, c, cfd, i, (struct sockaddr *)&ss, len);
}
