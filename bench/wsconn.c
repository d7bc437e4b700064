/*
 * wsconn.c: TCP (+ GnuTLS) client connections and the WebSocket opening
 * handshake for bench/wsbench.  Every failure leaves a one-line reason in
 * c->err; nothing here prints or exits.
 */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <gnutls/x509.h>

#include "wsconn.h"
#include "wsframe.h"
#include "wskey.h"

#define HEAD_MAX	8192

int
target_resolve(struct target *t, const char *host, const char *port,
    const char *path)
{
	struct addrinfo	 hints, *res;
	int		 rc;

	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV;
	if ((rc = getaddrinfo(host, port, &hints, &res)) != 0) {
		fprintf(stderr, "wsbench: %s:%s: %s\n", host, port,
		    gai_strerror(rc));
		return -1;
	}
	memcpy(&t->addr, res->ai_addr, res->ai_addrlen);
	t->addrlen = res->ai_addrlen;
	freeaddrinfo(res);
	if (strchr(host, ':') != NULL)
		rc = snprintf(t->hosthdr, sizeof(t->hosthdr), "[%s]:%s", host,
		    port);
	else
		rc = snprintf(t->hosthdr, sizeof(t->hosthdr), "%s:%s", host,
		    port);
	if (rc < 0 || (size_t)rc >= sizeof(t->hosthdr)) {
		fprintf(stderr, "wsbench: host name too long\n");
		return -1;
	}
	t->path = path;
	return 0;
}

int
tlsconf_init(struct tlsconf *tc, char *err, size_t errlen)
{
	int	 rc;

	tc->cred = NULL;
	if (!tc->on)
		return 0;
	if ((rc = gnutls_global_init()) < 0 ||
	    (rc = gnutls_certificate_allocate_credentials(&tc->cred)) < 0) {
		snprintf(err, errlen, "gnutls init: %s", gnutls_strerror(rc));
		return -1;
	}
	if (tc->cafile != NULL &&
	    (rc = gnutls_certificate_set_x509_trust_file(tc->cred,
	    tc->cafile, GNUTLS_X509_FMT_PEM)) < 0) {
		snprintf(err, errlen, "%s: %s", tc->cafile,
		    gnutls_strerror(rc));
		return -1;
	}
	if (tc->cafile == NULL && !tc->insecure &&
	    (rc = gnutls_certificate_set_x509_system_trust(tc->cred)) < 0) {
		snprintf(err, errlen, "system trust: %s", gnutls_strerror(rc));
		return -1;
	}
	return 0;
}

void
tlsconf_free(struct tlsconf *tc)
{
	if (tc->cred != NULL)
		gnutls_certificate_free_credentials(tc->cred);
	tc->cred = NULL;
}

static int
fail_errno(struct wsconn *c, const char *what)
{
	int	 e = errno;

	snprintf(c->err, sizeof(c->err), "%s: %s", what,
	    e == EAGAIN ? "timed out" : strerror(e));
	errno = e;
	return -1;
}

static int
fail_tls(struct wsconn *c, const char *what, int rc)
{
	snprintf(c->err, sizeof(c->err), "%s: %s", what, gnutls_strerror(rc));
	errno = EPROTO;
	return -1;
}

static uint64_t now_ms(void);

static int
tls_start(struct wsconn *c, const struct tlsconf *tc)
{
	uint64_t t0;
	int	 rc;

	if ((rc = gnutls_init(&c->tls, GNUTLS_CLIENT)) < 0) {
		c->tls = NULL;
		return fail_tls(c, "gnutls_init", rc);
	}
	rc = tc->priority != NULL ?
	    gnutls_priority_set_direct(c->tls, tc->priority, NULL) :
	    gnutls_set_default_priority(c->tls);
	if (rc < 0)
		return fail_tls(c, "TLS priority", rc);
	if ((rc = gnutls_credentials_set(c->tls, GNUTLS_CRD_CERTIFICATE,
	    tc->cred)) < 0)
		return fail_tls(c, "TLS credentials", rc);
	if (tc->sni != NULL && (rc = gnutls_server_name_set(c->tls,
	    GNUTLS_NAME_DNS, tc->sni, strlen(tc->sni))) < 0)
		return fail_tls(c, "TLS SNI", rc);
	if (!tc->insecure)
		gnutls_session_set_verify_cert(c->tls, tc->sni, 0);
	gnutls_transport_set_int(c->tls, c->fd);
	t0 = now_ms();
	do
		rc = gnutls_handshake(c->tls);
	while (rc < 0 && !gnutls_error_is_fatal(rc) && (rc != GNUTLS_E_AGAIN ||
	    now_ms() - t0 < (uint64_t)c->timeout_ms));
	if (rc == GNUTLS_E_AGAIN) {
		errno = EAGAIN;
		return fail_errno(c, "TLS handshake");
	}
	if (rc < 0)
		return fail_tls(c, "TLS handshake", rc);
	return 0;
}

int
wsconn_open(struct wsconn *c, const struct target *t,
    const struct tlsconf *tc, int timeout_ms)
{
	struct timeval	 tv;
	int		 one = 1;

	c->tls = NULL;
	c->again_len = 0;
	c->nonblock = 0;
	c->timeout_ms = timeout_ms;
	c->err[0] = '\0';
	c->fd = socket(t->addr.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (c->fd < 0)
		return fail_errno(c, "socket");
	tv.tv_sec = timeout_ms / 1000;
	tv.tv_usec = (timeout_ms % 1000) * 1000;
	if (setsockopt(c->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0 ||
	    setsockopt(c->fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)) < 0 ||
	    setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one,
	    sizeof(one)) < 0) {
		fail_errno(c, "setsockopt");
		wsconn_close(c);
		return -1;
	}
	if (connect(c->fd, (const struct sockaddr *)&t->addr,
	    t->addrlen) < 0) {
		fail_errno(c, "connect");
		wsconn_close(c);
		return -1;
	}
	if (tc != NULL && tc->on && tls_start(c, tc) < 0) {
		wsconn_close(c);
		return -1;
	}
	return 0;
}

void
wsconn_close(struct wsconn *c)
{
	if (c->tls != NULL)
		gnutls_deinit(c->tls);
	c->tls = NULL;
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
}

int
wsconn_set_nonblock(struct wsconn *c)
{
	int	 fl;

	if ((fl = fcntl(c->fd, F_GETFL)) < 0 ||
	    fcntl(c->fd, F_SETFL, fl | O_NONBLOCK) < 0)
		return fail_errno(c, "fcntl");
	c->nonblock = 1;
	return 0;
}

static uint64_t
now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

ssize_t
wsconn_read(struct wsconn *c, void *buf, size_t len)
{
	uint64_t t0;
	ssize_t	 n;

	if (c->tls == NULL) {
		do
			n = read(c->fd, buf, len);
		while (n < 0 && errno == EINTR);
		if (n < 0 && errno != EAGAIN)
			return fail_errno(c, "read");
		return n;
	}
	/*
	 * GnuTLS also says AGAIN after it consumed a record that carried no
	 * data (a TLS 1.3 NewSessionTicket): on a blocking socket only a
	 * call that took the whole timeout is a timeout.
	 */
	t0 = c->nonblock ? 0 : now_ms();
	do
		n = gnutls_record_recv(c->tls, buf, len);
	while (n == GNUTLS_E_INTERRUPTED || (n == GNUTLS_E_AGAIN &&
	    !c->nonblock && now_ms() - t0 < (uint64_t)c->timeout_ms));
	if (n == GNUTLS_E_AGAIN) {
		errno = EAGAIN;
		return -1;
	}
	if (n == GNUTLS_E_PREMATURE_TERMINATION)
		return 0;			/* EOF without close_notify */
	if (n < 0)
		return fail_tls(c, "TLS read", (int)n);
	return n;
}

/*
 * GnuTLS: after GNUTLS_E_AGAIN the same send must be repeated with the
 * same length; callers never move unsent bytes, so remembering the length
 * is enough.
 */
ssize_t
wsconn_write(struct wsconn *c, const void *buf, size_t len)
{
	uint64_t t0;
	ssize_t	 n;

	if (c->tls == NULL) {
		do
			n = write(c->fd, buf, len);
		while (n < 0 && errno == EINTR);
		if (n < 0 && errno != EAGAIN)
			return fail_errno(c, "write");
		return n;
	}
	if (c->again_len != 0 && len >= c->again_len)
		len = c->again_len;
	t0 = c->nonblock ? 0 : now_ms();
	do
		n = gnutls_record_send(c->tls, buf, len);
	while (n == GNUTLS_E_INTERRUPTED || (n == GNUTLS_E_AGAIN &&
	    !c->nonblock && now_ms() - t0 < (uint64_t)c->timeout_ms));
	if (n == GNUTLS_E_AGAIN) {
		c->again_len = len;
		errno = EAGAIN;
		return -1;
	}
	c->again_len = 0;
	if (n < 0)
		return fail_tls(c, "TLS write", (int)n);
	return n;
}

size_t
wsconn_pending(struct wsconn *c)
{
	return c->tls != NULL ? gnutls_record_check_pending(c->tls) : 0;
}

int
wsconn_write_all(struct wsconn *c, const void *buf, size_t len)
{
	const uint8_t	*p = buf;
	ssize_t		 n;

	while (len > 0) {
		if ((n = wsconn_write(c, p, len)) < 0) {
			if (errno == EAGAIN)
				return fail_errno(c, "write");
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int
wsconn_shutdown(struct wsconn *c)
{
	int	 rc;

	if (c->tls != NULL) {
		do
			rc = gnutls_bye(c->tls, GNUTLS_SHUT_WR);
		while (rc == GNUTLS_E_INTERRUPTED);
		if (rc < 0)
			return fail_tls(c, "TLS close_notify", rc);
	}
	if (shutdown(c->fd, SHUT_WR) < 0)
		return fail_errno(c, "shutdown");
	return 0;
}

int
wsconn_drain(struct wsconn *c)
{
	uint8_t	 buf[4096];
	ssize_t	 n;

	while ((n = wsconn_read(c, buf, sizeof(buf))) > 0)
		;
	if (n < 0) {
		if (errno == EAGAIN)
			return fail_errno(c, "waiting for end of stream");
		if (errno == ECONNRESET)
			return 0;		/* the peer is gone: also done */
		return -1;
	}
	return 0;
}

/* The value of header name in the head, or NULL; *len gets its length. */
static const char *
head_field(const char *head, const char *name, size_t *len)
{
	size_t		 nl = strlen(name);
	const char	*p = strstr(head, "\r\n"), *v, *e;

	while (p != NULL && p[2] != '\r') {
		p += 2;
		if (strncasecmp(p, name, nl) == 0 && p[nl] == ':') {
			v = p + nl + 1;
			while (*v == ' ' || *v == '\t')
				v++;
			if ((e = strstr(v, "\r\n")) == NULL)
				return NULL;
			while (e > v && (e[-1] == ' ' || e[-1] == '\t'))
				e--;
			*len = (size_t)(e - v);
			return v;
		}
		p = strstr(p, "\r\n");
	}
	return NULL;
}

int
wsconn_upgrade(struct wsconn *c, const struct target *t, uint64_t seed,
    uint8_t *rest, size_t restcap, size_t *restlen)
{
	char		 req[768], head[HEAD_MAX + 1], key[WSF_KEY_LEN + 1];
	char		 want[WSKEY_ACCEPT_LEN + 1];
	const char	*v, *end;
	size_t		 got = 0, vlen, hlen, extra;
	ssize_t		 n;
	int		 len;

	wsf_make_key(seed, key);
	wskey_accept(key, WSF_KEY_LEN, want);
	len = snprintf(req, sizeof(req),
	    "GET %s HTTP/1.1\r\n"
	    "Host: %s\r\n"
	    "Upgrade: websocket\r\n"
	    "Connection: Upgrade\r\n"
	    "Sec-WebSocket-Key: %s\r\n"
	    "Sec-WebSocket-Version: 13\r\n"
	    "\r\n", t->path, t->hosthdr, key);
	if (len < 0 || (size_t)len >= sizeof(req)) {
		snprintf(c->err, sizeof(c->err), "request too long");
		return -1;
	}
	if (wsconn_write_all(c, req, (size_t)len) < 0)
		return -1;
	for (;;) {
		if (got == HEAD_MAX) {
			snprintf(c->err, sizeof(c->err),
			    "response head over %d bytes", HEAD_MAX);
			return -1;
		}
		if ((n = wsconn_read(c, head + got, HEAD_MAX - got)) < 0)
			return errno == EAGAIN ?
			    fail_errno(c, "reading 101") : -1;
		if (n == 0) {
			snprintf(c->err, sizeof(c->err),
			    "end of stream before the response head "
			    "(%zu bytes)", got);
			return -1;
		}
		got += (size_t)n;
		head[got] = '\0';
		if ((end = strstr(head, "\r\n\r\n")) != NULL)
			break;
	}
	hlen = (size_t)(end - head) + 4;
	if (strncmp(head, "HTTP/1.1 101", 12) != 0) {
		vlen = strcspn(head, "\r\n");
		snprintf(c->err, sizeof(c->err), "expected 101, got \"%.*s\"",
		    (int)(vlen > 80 ? 80 : vlen), head);
		return -1;
	}
	if ((v = head_field(head, "Sec-WebSocket-Accept", &vlen)) == NULL ||
	    vlen != WSKEY_ACCEPT_LEN || memcmp(v, want, vlen) != 0) {
		snprintf(c->err, sizeof(c->err),
		    "missing or wrong Sec-WebSocket-Accept");
		return -1;
	}
	extra = got - hlen;
	if (extra > restcap) {
		snprintf(c->err, sizeof(c->err), "too many bytes after 101");
		return -1;
	}
	memcpy(rest, head + hlen, extra);
	*restlen = extra;
	return 0;
}
