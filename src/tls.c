/*
 * tls.c: one GnuTLS server session: set up, handshake within the
 * connection's deadline, the facts the access line reports, and record
 * I/O with read(2)/write(2) semantics so the relay stays one poll() loop.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#include "io.h"
#include "log.h"
#include "stop.h"
#include "tls_int.h"
#include "wsinetd.h"

/*
 * Why a certificate failed verification, for a person: a client's (we
 * are the server) or a backend's (we are the client, tls_client.c).
 */
static const struct {
	unsigned	 bit;
	const char	*why;		/* a client's certificate */
	const char	*why_backend;	/* a backend's, when it differs */
} tls_verify_reasons[] = {
	{ GNUTLS_CERT_UNEXPECTED_OWNER, "not for this name", "name mismatch "
	    "(the certificate is not for the URL's host name or address)" },
	{ GNUTLS_CERT_SIGNER_NOT_FOUND, "not issued by a CA in "
	    "--tls-client-ca", "unknown issuer (not signed by a CA in the "
	    "system trust store or --backend-ca)" },
	{ GNUTLS_CERT_SIGNER_NOT_CA, "its issuer is not a CA", NULL },
	{ GNUTLS_CERT_EXPIRED, "expired", NULL },
	{ GNUTLS_CERT_NOT_ACTIVATED, "not valid yet", NULL },
	{ GNUTLS_CERT_REVOKED, "revoked", NULL },
	{ GNUTLS_CERT_INSECURE_ALGORITHM, "signed with an insecure "
	    "algorithm", NULL },
	{ GNUTLS_CERT_SIGNATURE_FAILURE, "bad signature", NULL },
	{ GNUTLS_CERT_PURPOSE_MISMATCH, "not for client authentication",
	    "not for a TLS server" },
	{ GNUTLS_CERT_SIGNER_CONSTRAINTS_FAILURE, "its issuer's constraints "
	    "are violated", NULL },
};

/* The reasons in t's verification status, joined with ", ", into why. */
void
tls_verify_why(struct tls *t, bool backend, char *why, size_t size)
{
	unsigned	 status;
	size_t		 i, len;

	why[0] = '\0';
	status = t->lib.gnutls_session_get_verify_cert_status(t->session);
	for (i = 0; i < sizeof(tls_verify_reasons) /
	    sizeof(tls_verify_reasons[0]); i++) {
		if (!(status & tls_verify_reasons[i].bit))
			continue;
		len = strlen(why);
		snprintf(why + len, size - len, "%s%s", len ? ", " : "",
		    backend && tls_verify_reasons[i].why_backend ?
		    tls_verify_reasons[i].why_backend :
		    tls_verify_reasons[i].why);
	}
}

/*
 * Load everything and create the session on the client's descriptors.
 * Returns 0, or the exit status (78: configuration) after logging why.
 */
int
tls_open(struct conn *c)
{
	struct tls		*t;
	gnutls_datum_t		 alpn = { (unsigned char *)"http/1.1", 8 };
	gnutls_datum_t		 ticket;
	char			 err[512];
	int			 r;

	if ((t = calloc(1, sizeof(*t))) == NULL)
		fatal(EXIT_FAIL, "allocating TLS state");
	c->tls = t;
	t->peer = c->peer;
	if (tls_creds_load(t, false, err, sizeof(err)) != 0) {
		log_warnx("%s: %s", c->peer, err);
		return EXIT_CONFIG;
	}
	r = t->lib.gnutls_init(&t->session, GNUTLS_SERVER | GNUTLS_NONBLOCK |
	    GNUTLS_NO_SIGNAL);
	if (r < 0) {
		t->session = NULL;
		log_warnx("%s: GnuTLS session: %s", c->peer,
		    t->lib.gnutls_strerror(r));
		return EXIT_FAIL;
	}
	if ((r = t->lib.gnutls_priority_set(t->session, t->prio)) < 0 ||
	    (r = t->lib.gnutls_credentials_set(t->session,
	    GNUTLS_CRD_CERTIFICATE, t->cred)) < 0 ||
	    (r = t->lib.gnutls_alpn_set_protocols(t->session, &alpn, 1,
	    0)) < 0) {
		log_warnx("%s: GnuTLS session: %s", c->peer,
		    t->lib.gnutls_strerror(r));
		return EXIT_FAIL;
	}
	if (t->has_ticket) {
		ticket.data = t->ticket;
		ticket.size = sizeof(t->ticket);
		r = t->lib.gnutls_session_ticket_enable_server(t->session,
		    &ticket);
		if (r < 0) {
			log_warnx("%s: TLS ticket key %s: %s", c->peer,
			    cfg.tls_ticket_key, t->lib.gnutls_strerror(r));
			return EXIT_CONFIG;
		}
	}
	if (cfg.tls_client_ca != NULL) {
		t->lib.gnutls_certificate_server_set_request(t->session,
		    GNUTLS_CERT_REQUIRE);
		t->lib.gnutls_session_set_verify_cert(t->session, NULL, 0);
	}
	t->lib.gnutls_transport_set_int2(t->session, c->cli_in, c->cli_out);
	return 0;
}

/*
 * Client-supplied text for a log line: printable ASCII only.  A host name
 * has no quotes or backslashes either; a DN keeps RFC 4514's escapes
 * (a '"' in it is always written \").
 */
static void
tls_clean(char *s, bool dn)
{
	for (; *s; s++)
		if (*s < 0x20 || *s > 0x7e ||
		    (!dn && (*s == '"' || *s == '\\')))
			*s = '?';
}

static void
tls_client_subject(struct tls *t, struct tls_facts *f)
{
	const gnutls_datum_t	*peers;
	gnutls_datum_t		 dn = { NULL, 0 };
	gnutls_x509_crt_t	 crt;
	unsigned		 n = 0;

	peers = t->lib.gnutls_certificate_get_peers(t->session, &n);
	if (peers == NULL || n == 0 ||
	    t->lib.gnutls_x509_crt_init(&crt) < 0)
		return;
	/* RFC 4514 order and escaping, as certtool -i prints it. */
	if (t->lib.gnutls_x509_crt_import(crt, &peers[0],
	    GNUTLS_X509_FMT_DER) == 0 &&
	    t->lib.gnutls_x509_crt_get_dn3(crt, &dn, 0) == 0) {
		snprintf(f->client_dn, sizeof(f->client_dn), "%.*s",
		    (int)dn.size, (const char *)dn.data);
		(*t->lib.gnutls_free)(dn.data);
	}
	t->lib.gnutls_x509_crt_deinit(crt);
	tls_clean(f->client_dn, true);
}

/* What the handshake settled, for the access line. */
static void
tls_facts(struct tls *t, struct tls_facts *f)
{
	const char	*s;
	size_t		 len = sizeof(f->sni) - 1;
	unsigned	 type;
	int		 k;

	f->on = true;
	s = t->lib.gnutls_protocol_get_name(
	    t->lib.gnutls_protocol_get_version(t->session));
	snprintf(f->protocol, sizeof(f->protocol), "%s", s ? s : "?");
	s = t->lib.gnutls_ciphersuite_get(t->session);
	snprintf(f->cipher, sizeof(f->cipher), "%s", s ? s : "?");
	if (t->lib.gnutls_server_name_get(t->session, f->sni, &len, &type,
	    0) != 0 || type != GNUTLS_NAME_DNS)
		f->sni[0] = '\0';
	f->sni[sizeof(f->sni) - 1] = '\0';
	tls_clean(f->sni, false);
	f->resumed = t->lib.gnutls_session_is_resumed(t->session) != 0;
	if (cfg.tls_client_ca != NULL)
		tls_client_subject(t, f);
	k = (int)t->lib.gnutls_transport_is_ktls_enabled(t->session);
	snprintf(f->ktls, sizeof(f->ktls), "%s",
	    k == GNUTLS_KTLS_DUPLEX ? "send+recv" : k == GNUTLS_KTLS_SEND ?
	    "send" : k == GNUTLS_KTLS_RECV ? "recv" : "");
}

/* Has the client closed its side?  (Then a decoding error is truncation.) */
static bool
tls_peer_closed(int fd)
{
	char	 b;

	return recv(fd, &b, 1, MSG_PEEK | MSG_DONTWAIT) == 0;
}

/* A failed handshake, as a sentence a person can act on. */
static void
tls_handshake_error(struct conn *c, int r)
{
	struct tls	*t = c->tls;
	char		 why[256] = "";

	if (r != GNUTLS_E_FATAL_ALERT_RECEIVED && tls_peer_closed(c->cli_in))
		r = GNUTLS_E_PREMATURE_TERMINATION;
	switch (r) {
	case GNUTLS_E_CERTIFICATE_VERIFICATION_ERROR:
		tls_verify_why(t, false, why, sizeof(why));
		log_warnx("%s: client certificate refused: %s", c->peer,
		    why[0] ? why : "verification failed");
		return;
	case GNUTLS_E_NO_CERTIFICATE_FOUND:
	case GNUTLS_E_CERTIFICATE_REQUIRED:
		if (cfg.tls_client_ca != NULL) {
			log_warnx("%s: client certificate refused: none sent "
			    "(--tls-client-ca requires one)", c->peer);
			return;
		}
		break;
	case GNUTLS_E_FATAL_ALERT_RECEIVED:
		r = (int)t->lib.gnutls_alert_get(t->session);
		log_warnx("%s: TLS handshake failed: the client sent alert "
		    "'%s'%s", c->peer, t->lib.gnutls_alert_get_name(r),
		    r == GNUTLS_A_UNKNOWN_CA || r == GNUTLS_A_BAD_CERTIFICATE ||
		    r == GNUTLS_A_CERTIFICATE_UNKNOWN ? " (it does not trust "
		    "our certificate)" : r == GNUTLS_A_DECRYPT_ERROR ? " (our "
		    "signature did not verify: is --tls-key the certificate's "
		    "key? wsinetd --check tells)" : "");
		return;
	case GNUTLS_E_PREMATURE_TERMINATION:
	case GNUTLS_E_PULL_ERROR:
	case GNUTLS_E_PUSH_ERROR:
		log_warnx("%s: TLS handshake failed: the client closed the "
		    "connection in the middle of it", c->peer);
		return;
	}
	/* OpenSSL clients send their alert in clear text when they reject
	 * our certificate under TLS 1.3; GnuTLS cannot decrypt it. */
	log_warnx("%s: TLS handshake failed: %s%s", c->peer,
	    t->lib.gnutls_strerror(r), r == GNUTLS_E_DECRYPTION_FAILED ?
	    " (often: the client does not trust our certificate)" : "");
}

/*
 * GnuTLS writes each record with its own sendmsg(), and with TCP_NODELAY
 * on (io_nodelay) each would leave as its own segment: a 40 KiB message,
 * three records, three short segments.  These push functions are GnuTLS's
 * own (sendmsg, MSG_NOSIGNAL) plus MSG_MORE for every record of one
 * tls_send() but its last, so the kernel packs the records into full
 * segments and the last one pushes them out (with TCP_NODELAY, an ACK also
 * pushes what a MSG_MORE left queued: nothing waits for a timer).  The
 * transport pointer is the descriptor (gnutls_transport_set_int2).
 */
static ssize_t
tls_push(gnutls_transport_ptr_t fd, const giovec_t *iov, int n, int more)
{
	struct msghdr	 m = { .msg_iov = (struct iovec *)(uintptr_t)iov,
			       .msg_iovlen = (size_t)n };

	return sendmsg((int)(intptr_t)fd, &m, MSG_NOSIGNAL | more);
}

static ssize_t
tls_push_more(gnutls_transport_ptr_t fd, const giovec_t *iov, int n)
{
	return tls_push(fd, iov, n, MSG_MORE);
}

static ssize_t
tls_push_last(gnutls_transport_ptr_t fd, const giovec_t *iov, int n)
{
	return tls_push(fd, iov, n, 0);
}

/*
 * After the handshake (GnuTLS decides on kTLS during it, and only for its
 * own push functions): batch records, unless the kernel sends them.
 */
static void
tls_batch_start(struct tls *t)
{
	int	 k = (int)t->lib.gnutls_transport_is_ktls_enabled(t->session);

	if (k == GNUTLS_KTLS_SEND || k == GNUTLS_KTLS_DUPLEX)
		return;
	t->lib.gnutls_transport_set_vec_push_function(t->session,
	    tls_push_last);
	t->batch = true;
}

/*
 * Drive t's handshake, as server or client, reading fd in and writing fd
 * out until deadline.  Returns 0 when it is done, 1 with *fatal set to
 * GnuTLS's fatal error, or -ETIMEDOUT / -errno when waiting failed.
 */
int
tls_shake(struct tls *t, int in, int out, int64_t deadline, int *fatal)
{
	int	 r, w;

	for (;;) {
		r = t->lib.gnutls_handshake(t->session);
		if (r == 0) {
			tls_batch_start(t);
			return 0;
		}
		if (r != GNUTLS_E_AGAIN && r != GNUTLS_E_INTERRUPTED &&
		    t->lib.gnutls_error_is_fatal(r)) {
			*fatal = r;
			return 1;
		}
		if (r != GNUTLS_E_AGAIN)
			continue;
		w = t->lib.gnutls_record_get_direction(t->session) ?
		    io_wait(out, POLLOUT, deadline) :
		    io_wait(in, POLLIN, deadline);
		if (w < 0)
			return w;
	}
}

/*
 * Shake hands until deadline.  Returns 0 with c->tlsf filled, or -1 after
 * logging why (and sending the alert the error calls for).
 */
int
tls_handshake(struct conn *c, int64_t deadline)
{
	struct tls	*t = c->tls;
	int		 r, fatal = 0;

	r = tls_shake(t, c->cli_in, c->cli_out, deadline, &fatal);
	if (r == 1) {
		tls_handshake_error(c, fatal);
		(void)t->lib.gnutls_alert_send_appropriate(t->session, fatal);
		return -1;
	}
	if (r == -ETIMEDOUT) {
		log_warnx("%s: TLS handshake timed out: not done in %d s",
		    c->peer, cfg.handshake_timeout);
		return -1;
	}
	if (r == -ECANCELED) {
		log_warnx("%s: %s during the TLS handshake: closed", c->peer,
		    stop_name());
		return -1;
	}
	if (r < 0) {
		log_warnx("%s: TLS handshake: %s", c->peer, strerror(-r));
		return -1;
	}
	tls_facts(t, &c->tlsf);
	if (c->tlsf.ktls[0])
		log_info("%s: kTLS on (%s)", c->peer, c->tlsf.ktls);
	return 0;
}

/* A GnuTLS record error as read(2)/write(2) would report it. */
static ssize_t
tls_io_error(struct tls *t, ssize_t r, const char *what)
{
	if (r == GNUTLS_E_AGAIN) {
		errno = EAGAIN;
		return -1;
	}
	if (r == GNUTLS_E_INTERRUPTED || !t->lib.gnutls_error_is_fatal((int)r)) {
		errno = EINTR;		/* the caller tries again */
		return -1;
	}
	if (r == GNUTLS_E_PULL_ERROR || r == GNUTLS_E_PUSH_ERROR) {
		if (errno == 0 || errno == EAGAIN)
			errno = EIO;
		return -1;		/* errno from the system call */
	}
	log_warnx("%s: TLS %s: %s", t->peer, what,
	    t->lib.gnutls_strerror((int)r));
	errno = EPROTO;
	return -1;
}

/*
 * Like read(2): > 0 bytes, 0 at the end (close_notify, or a TCP close
 * between records, which browsers do and WebSocket framing makes safe),
 * -1 with errno.
 */
ssize_t
tls_recv(struct tls *t, void *p, size_t len)
{
	ssize_t	 r;

	errno = 0;
	r = t->lib.gnutls_record_recv(t->session, p, len);
	t->recv_more = r > 0;
	if (r >= 0)
		return r;
	if (r == GNUTLS_E_PREMATURE_TERMINATION)
		return 0;
	return tls_io_error(t, r, "receiving");
}

/*
 * Like write(2), sending as many records as the socket takes.  After
 * GNUTLS_E_AGAIN, GnuTLS holds the encrypted record and must be called
 * with the same length again; the caller's buffer still starts with those
 * bytes, so remembering the length is enough.
 */
ssize_t
tls_send(struct tls *t, const void *p, size_t len)
{
	const char	*s = p;
	size_t		 done = 0, n;
	ssize_t		 r;

	while (done < len) {
		n = t->send_pending ? t->send_pending : len - done;
		if (t->batch)			/* MSG_MORE but for the last */
			t->lib.gnutls_transport_set_vec_push_function(
			    t->session, len - done > TLS_RECORD_MAX ?
			    tls_push_more : tls_push_last);
		errno = 0;
		r = t->lib.gnutls_record_send(t->session, s + done, n);
		if (r > 0) {
			t->send_pending = 0;
			done += (size_t)r;
			continue;
		}
		if (r == GNUTLS_E_AGAIN || r == GNUTLS_E_INTERRUPTED)
			t->send_pending = n;
		if (done > 0)
			return (ssize_t)done;
		if (r == GNUTLS_E_INTERRUPTED) {
			errno = EINTR;
			return -1;
		}
		return tls_io_error(t, r, "sending");
	}
	return (ssize_t)done;
}

/*
 * Might GnuTLS hold input that poll() cannot see?  Decrypted bytes it
 * reports; whole records it has read from the socket but not decrypted it
 * does not, so until a read ends in AGAIN the answer is yes.
 */
bool
tls_pending(struct tls *t)
{
	return t->recv_more ||
	    t->lib.gnutls_record_check_pending(t->session) > 0;
}

/* Is GnuTLS blocked on writing (1) rather than reading (0)? */
int
tls_want_write(struct tls *t)
{
	return t->lib.gnutls_record_get_direction(t->session);
}

/* Send close_notify, waiting for room until deadline at most. */
void
tls_bye(struct tls *t, int out, int64_t deadline)
{
	int	 r;

	for (;;) {
		r = t->lib.gnutls_bye(t->session, GNUTLS_SHUT_WR);
		if (r != GNUTLS_E_AGAIN && r != GNUTLS_E_INTERRUPTED)
			return;
		if (r == GNUTLS_E_AGAIN && io_wait(out, POLLOUT, deadline) < 0)
			return;
	}
}

void
tls_free(struct tls *t)
{
	if (t == NULL)
		return;
	if (t->session != NULL)
		t->lib.gnutls_deinit(t->session);
	tls_creds_free(t);
	free(t);
}

/*
 * At start (--check, a resident parent): load what a TLS connection would
 * load, and prove each key matches its certificate.  0, or -1 with why.
 */
int
tls_check(char *why, size_t len)
{
	struct tls	 t = { 0 };
	int		 r = 0;

	if (cfg.tls_mode == TLS_OFF ||
	    (cfg.tls_mode == TLS_DEFAULT && cfg.ntls_certs == 0))
		return 0;
	if (tls_creds_load(&t, true, why, len) != 0)
		r = -1;
	tls_creds_free(&t);
	return r;
}

/*
 * Load GnuTLS now, in a parent that forks a handler per connection
 * (--listen, Accept=no): the children inherit it loaded and initialised,
 * and their TLS start-up is the handshake alone.  Exec'd handlers
 * (Accept=yes, inetd) cannot share it and load it per connection.
 */
void
tls_preload_lib(void)
{
	struct tls_lib	 lib;
	char		 err[256];

	if (tls_lib_load(&lib, err, sizeof(err)) != 0)
		log_warnx("%s", err);
}

/* The GnuTLS version a TLS connection would load, or NULL and why. */
const char *
tls_lib_version(char *err, size_t errlen)
{
	struct tls_lib	 lib;

	if (tls_lib_load(&lib, err, errlen) != 0)
		return NULL;
	return lib.gnutls_check_version(NULL);
}
