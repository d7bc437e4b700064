/*
 * pty.c: --pty.  The program of an exec: route runs on a pseudo-terminal
 * as the leader of its own session, the terminal its controlling one, so
 * `bash -i`, `login`, `top` and `vim` work as on a console.
 *
 * The stub (exec_stub.c) opens it: it is not under our seccomp filter,
 * and it has called setsid() first thing.  Once the request named a
 * route, pty_stub_open() opens /dev/ptmx, makes the terminal its
 * controlling one on fds 0, 1 and 2, sets PTY_COLS x PTY_ROWS, and sends
 * the master to us over the status socket (SCM_RIGHTS); the stub then
 * execs the program.  pty_receive() takes it, in the request phase.  Our
 * process never opens a device, and a connection that does not go to
 * the program never allocates a terminal.
 *
 * In the relay the master is the target's one descriptor both ways
 * (target.fd == target.wfd); its output comes out of the master as the
 * terminal driver wrote it (CR LF, echo), and reading it fails with EIO
 * once no process holds the terminal: that is its EOF.  Closing the
 * master hangs the terminal up: the kernel sends SIGHUP (and SIGCONT) to
 * the session, which is how a program learns that its client left.
 * pty_resize() is the one place the window changes (TIOCSWINSZ on the
 * master; the kernel sends SIGWINCH to the foreground process group).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

#include "io.h"
#include "log.h"
#include "pty.h"
#include "wsinetd.h"

#ifndef TIOCGPTPEER
#define TIOCGPTPEER	_IO('T', 0x41)
#endif

/* Send fd over sock with SCM_RIGHTS, one int 0 as the message.  0/errno. */
static int
pty_send_fd(int sock, int fd)
{
	union {
		struct cmsghdr	 h;
		char		 b[CMSG_SPACE(sizeof(int))];
	}		 u;
	int		 zero = 0;
	struct iovec	 iov = { &zero, sizeof(zero) };
	struct msghdr	 m = { 0 };
	struct cmsghdr	*h;

	memset(&u, 0, sizeof(u));
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	m.msg_control = u.b;
	m.msg_controllen = sizeof(u.b);
	h = CMSG_FIRSTHDR(&m);
	h->cmsg_level = SOL_SOCKET;
	h->cmsg_type = SCM_RIGHTS;
	h->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(h), &fd, sizeof(int));
	while (sendmsg(sock, &m, MSG_NOSIGNAL) == -1)
		if (errno != EINTR)
			return errno;
	return 0;
}

/*
 * In the stub, a session leader without a terminal: open a pty, make its
 * terminal the controlling one on fds 0, 1 and 2, and send its master on
 * sock.  Returns 0, or the errno of the step that failed (the caller
 * reports it with PTY_ERR).
 */
int
pty_stub_open(int sock)
{
	struct winsize	 wsz = { .ws_row = PTY_ROWS, .ws_col = PTY_COLS };
	struct termios	 tio;
	int		 m, s, i, err;

	if ((m = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC)) == -1)
		return errno;
	if (grantpt(m) == -1 || unlockpt(m) == -1)
		goto fail;
	/* TIOCGPTPEER: the terminal of this master, not a name's. */
	if ((s = ioctl(m, TIOCGPTPEER, O_RDWR)) == -1) {
		char	 name[64];

		if (ptsname_r(m, name, sizeof(name)) != 0 ||
		    (s = open(name, O_RDWR)) == -1)
			goto fail;
	}
	if (ioctl(s, TIOCSCTTY, 0) == -1) {
		close(s);
		goto fail;
	}
	(void)ioctl(s, TIOCSWINSZ, &wsz);
	/* Line editing that knows a UTF-8 character is several bytes. */
	if (tcgetattr(s, &tio) == 0) {
		tio.c_iflag |= IUTF8;
		(void)tcsetattr(s, TCSANOW, &tio);
	}
	for (i = 0; i < 3; i++)
		if (dup2(s, i) == -1) {
			close(s);
			goto fail;
		}
	if (s > 2)
		close(s);
	if ((err = pty_send_fd(sock, m)) != 0) {
		close(m);
		return err;
	}
	close(m);
	return 0;
fail:
	err = errno;
	close(m);
	return err;
}

/*
 * --check and a resident parent's start (preflight.c): can a pty be
 * opened here, as the stub will open one per connection?  Under --chroot
 * the jail's /dev is the stub's, so DIR/dev/ptmx is opened.  0, or -1
 * with why.
 */
int
pty_check(char *why, size_t len)
{
	char	 ptmx[PATH_MAX], name[64];
	int	 m, err = 0;

	snprintf(ptmx, sizeof(ptmx), "%s/dev/ptmx",
	    cfg.chroot != NULL ? cfg.chroot : "");
	if ((m = open(ptmx, O_RDWR | O_NOCTTY | O_CLOEXEC)) == -1)
		err = errno;
	else if (grantpt(m) == -1 || unlockpt(m) == -1 ||
	    ptsname_r(m, name, sizeof(name)) != 0)
		err = errno ? errno : EINVAL;
	if (m != -1)
		close(m);
	if (err == 0)
		return 0;
	snprintf(why, len, "--pty: cannot open a pseudo-terminal with %s: %s "
	    "(each connection's program gets one: /dev/ptmx and a mounted "
	    "/dev/pts are needed)", ptmx, strerror(err));
	return -1;
}

/*
 * In the request phase: read the stub's status socket st (non-blocking)
 * until deadline.  The stub sends the master (a message with a
 * descriptor), then either an errno (a message without) or nothing: EOF
 * once execve() closed its end.  Returns 0 with *master set, the stub's
 * errno (PTY_ERR set when the pty failed), or -ETIMEDOUT.
 */
int
pty_receive(int st, int64_t deadline, int *master)
{
	union {
		struct cmsghdr	 h;
		char		 b[CMSG_SPACE(sizeof(int))];
	}		 u;
	struct cmsghdr	*h;
	struct msghdr	 m;
	struct iovec	 iov;
	int		 err, fd, r;
	ssize_t		 n;

	*master = -1;
	for (;;) {
		err = 0;
		iov.iov_base = &err;
		iov.iov_len = sizeof(err);
		memset(&m, 0, sizeof(m));
		m.msg_iov = &iov;
		m.msg_iovlen = 1;
		m.msg_control = u.b;
		m.msg_controllen = sizeof(u.b);
		n = recvmsg(st, &m, MSG_CMSG_CLOEXEC);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN) {
			if ((r = io_wait(st, POLLIN, deadline)) < 0 &&
			    r != -ECANCELED)
				err = r == -ETIMEDOUT ? -ETIMEDOUT : -r;
			else
				continue;
		} else if (n < 0)
			err = errno;
		else if (n == 0 && *master != -1)
			return 0;		/* execve() worked */
		else if (n == 0)
			err = EIO;		/* it never sent one */
		else if ((h = CMSG_FIRSTHDR(&m)) != NULL &&
		    h->cmsg_level == SOL_SOCKET && h->cmsg_type == SCM_RIGHTS &&
		    h->cmsg_len == CMSG_LEN(sizeof(int)) && *master == -1) {
			memcpy(&fd, CMSG_DATA(h), sizeof(int));
			*master = fd;
			continue;
		} else if (n != (ssize_t)sizeof(err) || err == 0)
			err = EIO;
		if (*master != -1)
			close(*master);
		*master = -1;
		return err;
	}
}

/*
 * Set the window of c's terminal to cols x rows (a resize message, in
 * the relay).  Returns 0, or -errno after logging why.
 */
int
pty_resize(struct conn *c, unsigned cols, unsigned rows)
{
	struct winsize	 wsz = { .ws_row = (unsigned short)rows,
			    .ws_col = (unsigned short)cols };
	int		 err;

	if (c->target.fd == -1)
		return 0;		/* hung up: nothing to resize */
	if (ioctl(c->target.fd, TIOCSWINSZ, &wsz) == -1) {
		err = errno;
		log_warnx("%s: exec %s: setting the terminal to %ux%u: %s",
		    c->peer, c->target.argv[0], cols, rows, strerror(err));
		return -err;
	}
	log_info("%s: exec %s: terminal resized to %u columns, %u rows",
	    c->peer, c->target.argv[0], cols, rows);
	return 0;
}
