/*
 * client.c: the client's byte stream, over the socket itself or through
 * the TLS session in c->tls.  Callers see read(2)/write(2) results either
 * way; a TLS session may hold decrypted bytes poll() cannot see, which
 * client_pending() reports.
 */
#include <errno.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "client.h"
#include "io.h"
#include "tls.h"
#include "wsinetd.h"

ssize_t
client_read(struct conn *c, void *p, size_t len)
{
	if (c->tls != NULL)
		return tls_recv(c->tls, p, len);
	return read(c->cli_in, p, len);
}

ssize_t
client_write(struct conn *c, const void *p, size_t len)
{
	if (c->tls != NULL)
		return tls_send(c->tls, p, len);
	return write(c->cli_out, p, len);
}

bool
client_pending(const struct conn *c)
{
	return c->tls != NULL && tls_pending(c->tls);
}

/* Wait for what a TLS session is blocked on (usually input). */
static int
client_wait(struct conn *c, short plain, int64_t deadline)
{
	if (c->tls != NULL && tls_want_write(c->tls))
		return io_wait(c->cli_out, POLLOUT, deadline);
	if (c->tls != NULL)
		return io_wait(c->cli_in, POLLIN, deadline);
	return io_wait(plain == POLLIN ? c->cli_in : c->cli_out, plain,
	    deadline);
}

/* One read of up to len bytes: > 0 read, 0 EOF, -ETIMEDOUT or -errno. */
ssize_t
client_read_deadline(struct conn *c, void *p, size_t len, int64_t deadline)
{
	ssize_t	 n;
	int	 r;

	for (;;) {
		if ((n = client_read(c, p, len)) >= 0)
			return n;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN)
			return -errno;
		if ((r = client_wait(c, POLLIN, deadline)) < 0)
			return r;
	}
}

/* Write all of p or fail: len, -ETIMEDOUT or -errno. */
ssize_t
client_write_all(struct conn *c, const void *p, size_t len,
    int64_t deadline)
{
	const char	*s = p;
	size_t		 done = 0;
	ssize_t		 n;
	int		 r;

	while (done < len) {
		n = client_write(c, s + done, len - done);
		if (n > 0) {
			done += (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno != EAGAIN)
			return -errno;
		if ((r = client_wait(c, POLLOUT, deadline)) < 0)
			return r;
	}
	return (ssize_t)len;
}

/*
 * Our FIN to the client.  On pipes from a UCSPI launcher (c->cli_pipe)
 * shutdown(2) does not work: closing fd 1 is what tells the launcher
 * (s6-tlsd then sends close_notify and its own FIN); c->cli_out is -1
 * after that.
 */
void
client_shut(struct conn *c)
{
	if (!c->cli_pipe) {
		(void)shutdown(c->cli_out, SHUT_WR);
		return;
	}
	if (c->cli_out != -1) {
		close(c->cli_out);
		c->cli_out = -1;
	}
}

/*
 * End the connection gracefully: TLS close_notify first, then our FIN and
 * a bounded drain of what the client still sends (io_linger).
 */
void
client_linger(struct conn *c, int ms)
{
	if (c->tls != NULL)
		tls_bye(c->tls, c->cli_out, now_ms() + ms);
	if (!c->cli_pipe) {
		io_linger(c->cli_in, c->cli_out, ms);
		return;
	}
	client_shut(c);
	io_drain(c->cli_in, ms);
}
