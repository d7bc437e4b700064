/*
 * listen.c: bind and listen for --listen (the resident parent, resident.c,
 * accepts; under systemd Accept=no PID 1 binds instead).  The spec was
 * checked by config.c with listen_addr_parse(), so only the system can
 * refuse it here: each failure exits 1 with a line naming the spec.
 *
 * PORT and :PORT are every address of both families on one socket: IPv6
 * with IPV6_V6ONLY off, so IPv4 clients arrive as v4-mapped addresses
 * (peer.c prints them as IPv4); where IPv6 is off (no AF_INET6, or the
 * address cannot be assigned) an IPv4 socket instead.  [ADDR]:PORT is
 * IPv6 only, as nginx's "listen [::]:80" is.  unix:PATH replaces a stale
 * socket file (one nobody accepts on) and refuses a live one or any file
 * that is not a socket; the file is removed again at a clean stop.
 */
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "listen.h"
#include "log.h"
#include "wsinetd.h"

static int
listen_socket(int family, const char *spec)
{
	int	 fd, one = 1;

	if ((fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return -1;
	if (family != AF_UNIX && setsockopt(fd, SOL_SOCKET, SO_REUSEADDR,
	    &one, sizeof(one)) == -1)
		fatal(EXIT_FAIL, "--listen %s: SO_REUSEADDR", spec);
	return fd;
}

static void
listen_listen(int fd, const char *spec)
{
	if (listen(fd, SOMAXCONN) == -1)
		fatal(EXIT_FAIL, "--listen %s: listen", spec);
}

/* PORT, :PORT: [::]:PORT for both families, else 0.0.0.0:PORT. */
static int
listen_any(const struct listen_addr *a, const char *spec)
{
	struct sockaddr_in6 s6 = { .sin6_family = AF_INET6,
	    .sin6_port = htons(a->port), .sin6_addr = IN6ADDR_ANY_INIT };
	struct sockaddr_in s4 = { .sin_family = AF_INET,
	    .sin_port = htons(a->port), .sin_addr.s_addr = INADDR_ANY };
	int	 fd, zero = 0;

	if ((fd = listen_socket(AF_INET6, spec)) != -1) {
		if (setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero,
		    sizeof(zero)) == -1)
			fatal(EXIT_FAIL, "--listen %s: IPV6_V6ONLY", spec);
		if (bind(fd, (struct sockaddr *)&s6, sizeof(s6)) == 0) {
			listen_listen(fd, spec);
			log_warnx("listening on %s (every address, IPv6 and "
			    "IPv4)", spec);
			return fd;
		}
		if (errno != EADDRNOTAVAIL && errno != EAFNOSUPPORT)
			fatal(EXIT_FAIL, "--listen %s: bind", spec);
		close(fd);
	} else if (errno != EAFNOSUPPORT)
		fatal(EXIT_FAIL, "--listen %s: socket", spec);
	if ((fd = listen_socket(AF_INET, spec)) == -1)
		fatal(EXIT_FAIL, "--listen %s: socket", spec);
	if (bind(fd, (struct sockaddr *)&s4, sizeof(s4)) == -1)
		fatal(EXIT_FAIL, "--listen %s: bind", spec);
	listen_listen(fd, spec);
	log_warnx("listening on %s (every IPv4 address: IPv6 is off here)",
	    spec);
	return fd;
}

/* ADDR:PORT, [ADDR]:PORT: the first address the name resolves to. */
static int
listen_host(const struct listen_addr *a, const char *spec)
{
	struct addrinfo	 hints, *res;
	char		 port[8];
	int		 fd, r, one = 1;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = a->bracketed ? AF_INET6 : AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV |
	    (a->bracketed ? AI_NUMERICHOST : 0);
	snprintf(port, sizeof(port), "%u", a->port);
	if ((r = getaddrinfo(a->host, port, &hints, &res)) != 0)
		fatalx(EXIT_FAIL, "--listen %s: %s", spec, r == EAI_SYSTEM ?
		    strerror(errno) : gai_strerror(r));
	if ((fd = listen_socket(res->ai_family, spec)) == -1)
		fatal(EXIT_FAIL, "--listen %s: socket", spec);
	if (res->ai_family == AF_INET6 && setsockopt(fd, IPPROTO_IPV6,
	    IPV6_V6ONLY, &one, sizeof(one)) == -1)
		fatal(EXIT_FAIL, "--listen %s: IPV6_V6ONLY", spec);
	if (bind(fd, res->ai_addr, res->ai_addrlen) == -1)
		fatal(EXIT_FAIL, "--listen %s: bind", spec);
	freeaddrinfo(res);
	listen_listen(fd, spec);
	log_warnx("listening on %s", spec);
	return fd;
}

/*
 * An existing file at the path: a socket nobody accepts on (connect:
 * ECONNREFUSED) is left over from a process that died, and is removed.
 * A live socket, or a file that is not a socket, ends start-up.
 */
static void
listen_unix_stale(const char *path, const struct sockaddr_un *sun,
    socklen_t len, const char *spec)
{
	struct stat	 st;
	int		 fd, err;

	if (lstat(path, &st) == -1) {
		if (errno == ENOENT)
			return;
		fatal(EXIT_FAIL, "--listen %s", spec);
	}
	if (!S_ISSOCK(st.st_mode))
		fatalx(EXIT_FAIL, "--listen %s: %s exists and is not a socket; "
		    "not replacing it", spec, path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
	    0)) == -1)
		fatal(EXIT_FAIL, "--listen %s: socket", spec);
	err = connect(fd, (const struct sockaddr *)sun, len) == 0 ? 0 : errno;
	close(fd);
	if (err == 0 || err == EAGAIN)
		fatalx(EXIT_FAIL, "--listen %s: another process is listening "
		    "on %s", spec, path);
	if (err != ECONNREFUSED) {
		errno = err;
		fatal(EXIT_FAIL, "--listen %s: connecting to the existing %s",
		    spec, path);
	}
	if (unlink(path) == -1)
		fatal(EXIT_FAIL, "--listen %s: removing the stale %s", spec,
		    path);
	log_warnx("--listen %s: removed the stale socket file %s (nothing "
	    "accepted on it)", spec, path);
}

static int
listen_unix(const struct listen_addr *a, const char *spec, struct listener *l)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct stat	 st;
	size_t		 n = strlen(a->path);
	socklen_t	 len;
	int		 fd;

	/* A path and its NUL, or (abstract) a NUL and the name: n + 1. */
	memcpy(sun.sun_path + (a->abstract ? 1 : 0), a->path, n);
	len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n + 1);
	if (!a->abstract)
		listen_unix_stale(a->path, &sun, len, spec);
	if ((fd = listen_socket(AF_UNIX, spec)) == -1)
		fatal(EXIT_FAIL, "--listen %s: socket", spec);
	if (bind(fd, (struct sockaddr *)&sun, len) == -1)
		fatal(EXIT_FAIL, "--listen %s: bind", spec);
	if (!a->abstract && lstat(a->path, &st) == 0) {
		snprintf(l->path, sizeof(l->path), "%s", a->path);
		l->dev = st.st_dev;
		l->ino = st.st_ino;
	}
	listen_listen(fd, spec);
	log_warnx("listening on %s", spec);
	return fd;
}

/*
 * Bind spec (cfg.listen) into l; exits 64 for a spec config.c would have
 * refused, 1 when the system refuses it.
 */
void
listen_bind(const char *spec, struct listener *l)
{
	struct listen_addr a;
	const char	*why;

	memset(l, 0, sizeof(*l));
	if (listen_addr_parse(spec, &a, &why) != 0)
		fatalx(EXIT_USAGE, "--listen %s: %s", spec, why);
	switch (a.kind) {
	case LISTEN_ANY:
		l->fd = listen_any(&a, spec);
		break;
	case LISTEN_HOST:
		l->fd = listen_host(&a, spec);
		break;
	case LISTEN_UNIX:
		l->fd = listen_unix(&a, spec, l);
		break;
	}
}

/* Close l and remove the socket file it created, if that is still ours. */
void
listen_release(struct listener *l)
{
	struct stat	 st;

	if (l->fd >= 0)
		close(l->fd);
	l->fd = -1;
	if (l->path[0] != '\0' && lstat(l->path, &st) == 0 &&
	    st.st_dev == l->dev && st.st_ino == l->ino)
		(void)unlink(l->path);
	l->path[0] = '\0';
}
