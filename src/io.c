/*
 * io.c: the clock, descriptor waits bounded by deadlines, and the
 * lingering close.  Reading and writing the client, plain or TLS, is
 * client.c's; the relay itself is one poll() loop in relay.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "io.h"
#include "stop.h"
#include "wsinetd.h"

int64_t
now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* poll() timeout until deadline: -1 for none (deadline 0), else >= 0. */
int
io_timeout(int64_t deadline)
{
	int64_t	 left;

	if (deadline == 0)
		return -1;
	left = deadline - now_ms();
	if (left < 0)
		return 0;
	return left > 86400000 ? 86400000 : (int)left;
}

/* Returns 0, or -errno. */
int
io_nonblock(int fd)
{
	int	 fl;

	if ((fl = fcntl(fd, F_GETFL)) == -1 ||
	    fcntl(fd, F_SETFL, fl | O_NONBLOCK) == -1)
		return -errno;
	return 0;
}

/*
 * TCP_NODELAY on fd when it is a TCP socket: each write goes out at once
 * instead of waiting for the ACK of the previous small segment, which a
 * peer may delay by 40 ms (Nagle's algorithm, RFC 896, meeting delayed
 * ACKs, RFC 1122 §4.2.3.2).  Writers put what belongs together in one
 * write (or send with MSG_MORE), so nothing is sent in more pieces than
 * before.  A unix socket or a pipe refuses the option and is left as it
 * is.  Returns 0, or -errno.
 */
int
io_nodelay(int fd)
{
	int	 one = 1;

	if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)) == -1)
		return -errno;
	return 0;
}

/*
 * Wait for events on fd until deadline: 0 ready, -ETIMEDOUT, -ECANCELED
 * when SIGTERM or SIGINT arrived during the wait (stop.c), or -errno.
 */
int
io_wait(int fd, short events, int64_t deadline)
{
	struct pollfd	 pfd = { .fd = fd, .events = events };
	int		 r;

	for (;;) {
		r = stop_ppoll(&pfd, 1, io_timeout(deadline));
		if (r > 0)
			return 0;
		if (r == 0)
			return -ETIMEDOUT;
		if (errno == EINTR && cfg.stop_signal)
			return -ECANCELED;
		if (errno != EINTR)
			return -errno;
	}
}

/* One read of up to len bytes: > 0 read, 0 EOF, -ETIMEDOUT or -errno. */
static ssize_t
io_read_deadline(int fd, void *p, size_t len, int64_t deadline)
{
	ssize_t	 n;
	int	 r;

	for (;;) {
		n = read(fd, p, len);
		if (n >= 0)
			return n;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN)
			return -errno;
		if ((r = io_wait(fd, POLLIN, deadline)) < 0)
			return r;
	}
}

/*
 * End a client connection gracefully: send our FIN, then read and drop what
 * the client still sends until it closes or ms pass (bounded, so a client
 * that never closes costs at most ms).  Closing with unread input would
 * make the kernel send a reset, which can destroy our last bytes in flight.
 */
void
io_linger(int in, int out, int ms)
{
	if (shutdown(out, SHUT_WR) == -1)
		return;			/* not a socket, or already gone */
	io_drain(in, ms);
}

/* Read and drop what fd still sends until its EOF or ms pass. */
void
io_drain(int fd, int ms)
{
	int64_t	 deadline = now_ms() + ms;
	char	 sink[4096];
	ssize_t	 n;

	do
		n = io_read_deadline(fd, sink, sizeof(sink), deadline);
	while (n > 0);
}
