/*
 * echo_backend.c: the TCP (optionally TLS) echo service behind the relays
 * in `make bench`: a thread per connection copying what it reads back,
 * so it is not the bottleneck on 2 cores.  With a certificate and key it
 * is also the in-process TLS 1.3 echo that prices one handshake.
 *
 *   echo_backend ADDR PORT [CERT KEY]     PORT 0: pick one
 *
 * Prints "port N" once listening.  Only loopback addresses; exits by
 * itself after ECHO_LIFETIME_S seconds.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gnutls/gnutls.h>

#define ECHO_BUF		(256 * 1024)
#define ECHO_LIFETIME_S		3600
#define ECHO_IDLE_S		60

static gnutls_certificate_credentials_t cred;	/* NULL: plain */
static gnutls_priority_t prio;

static int
write_all(int fd, const char *p, size_t n)
{
	ssize_t	 w;

	while (n > 0) {
		if ((w = write(fd, p, n)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static void
echo_plain(int fd, char *buf)
{
	ssize_t	 n;

	for (;;) {
		if ((n = read(fd, buf, ECHO_BUF)) < 0 && errno == EINTR)
			continue;
		if (n <= 0 || write_all(fd, buf, (size_t)n) < 0)
			break;
	}
	(void)shutdown(fd, SHUT_WR);	/* best effort: close() follows */
}

static void
echo_tls(int fd, char *buf)
{
	gnutls_session_t s;
	ssize_t		 n, w, off;
	int		 rc;

	if (gnutls_init(&s, GNUTLS_SERVER) < 0)
		return;
	if (gnutls_priority_set(s, prio) < 0 ||
	    gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, cred) < 0)
		goto out;
	gnutls_transport_set_int(s, fd);
	do
		rc = gnutls_handshake(s);
	while (rc < 0 && !gnutls_error_is_fatal(rc));
	if (rc < 0)
		goto out;
	for (;;) {
		do
			n = gnutls_record_recv(s, buf, ECHO_BUF);
		while (n == GNUTLS_E_INTERRUPTED);
		if (n <= 0)			/* GNUTLS_E_AGAIN: idle timeout */
			break;
		for (off = 0; off < n; off += w) {
			do
				w = gnutls_record_send(s, buf + off,
				    (size_t)(n - off));
			while (w == GNUTLS_E_INTERRUPTED || w == GNUTLS_E_AGAIN);
			if (w < 0)
				goto out;
		}
	}
	if (n == 0)
		gnutls_bye(s, GNUTLS_SHUT_WR);
out:
	gnutls_deinit(s);
}

static void *
conn_main(void *arg)
{
	int	 fd = (int)(intptr_t)arg;
	char	*buf = malloc(ECHO_BUF);

	if (buf != NULL) {
		if (cred != NULL)
			echo_tls(fd, buf);
		else
			echo_plain(fd, buf);
	}
	free(buf);
	close(fd);
	return NULL;
}

static int
is_loopback(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET)
		return (ntohl(((const struct sockaddr_in *)sa)->sin_addr.s_addr)
		    >> 24) == 127;
	if (sa->sa_family == AF_INET6)
		return IN6_IS_ADDR_LOOPBACK(
		    &((const struct sockaddr_in6 *)sa)->sin6_addr);
	return 0;
}

int
main(int argc, char *argv[])
{
	struct addrinfo	 hints, *res;
	struct sockaddr_storage ss;
	struct timeval	 idle = { ECHO_IDLE_S, 0 };
	pthread_attr_t	 attr;
	pthread_t	 th;
	socklen_t	 sl = sizeof(ss);
	int		 lfd, fd, one = 1, rc;

	if (argc != 3 && argc != 5) {
		fprintf(stderr, "usage: echo_backend ADDR PORT [CERT KEY]\n");
		return 64;
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE;
	if ((rc = getaddrinfo(argv[1], argv[2], &hints, &res)) != 0) {
		fprintf(stderr, "echo_backend: %s: %s\n", argv[1],
		    gai_strerror(rc));
		return 64;
	}
	if (!is_loopback(res->ai_addr)) {
		fprintf(stderr, "echo_backend: %s is not loopback\n", argv[1]);
		return 64;
	}
	if (argc == 5) {
		if ((rc = gnutls_certificate_allocate_credentials(&cred)) < 0 ||
		    (rc = gnutls_certificate_set_x509_key_file(cred, argv[3],
		    argv[4], GNUTLS_X509_FMT_PEM)) < 0 ||
		    (rc = gnutls_priority_init(&prio, NULL, NULL)) < 0) {
			fprintf(stderr, "echo_backend: %s: %s\n", argv[3],
			    gnutls_strerror(rc));
			return 78;
		}
	}
	signal(SIGPIPE, SIG_IGN);
	alarm(ECHO_LIFETIME_S);
	if ((lfd = socket(res->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0 ||
	    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    bind(lfd, res->ai_addr, res->ai_addrlen) < 0 ||
	    listen(lfd, 512) < 0 ||
	    getsockname(lfd, (struct sockaddr *)&ss, &sl) < 0) {
		perror("echo_backend: listen");
		return 1;
	}
	freeaddrinfo(res);
	printf("port %d\n", ntohs(ss.ss_family == AF_INET ?
	    ((struct sockaddr_in *)&ss)->sin_port :
	    ((struct sockaddr_in6 *)&ss)->sin6_port));
	fflush(stdout);
	if ((rc = pthread_attr_init(&attr)) != 0 ||
	    (rc = pthread_attr_setdetachstate(&attr,
	    PTHREAD_CREATE_DETACHED)) != 0 ||
	    (rc = pthread_attr_setstacksize(&attr, 128 * 1024)) != 0) {
		fprintf(stderr, "echo_backend: pthread_attr: %s\n",
		    strerror(rc));
		return 1;
	}
	for (;;) {
		if ((fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC)) < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			if (errno == EMFILE || errno == ENFILE) {
				usleep(10000);
				continue;
			}
			perror("echo_backend: accept");
			return 1;
		}
		if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one,
		    sizeof(one)) < 0 ||
		    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &idle,
		    sizeof(idle)) < 0) {
			perror("echo_backend: setsockopt");
			close(fd);
			continue;
		}
		if ((rc = pthread_create(&th, &attr, conn_main,
		    (void *)(intptr_t)fd)) != 0) {
			fprintf(stderr, "echo_backend: pthread_create: %s\n",
			    strerror(rc));
			close(fd);
		}
	}
}
