/*
 * tls_client.c: wsinetd as a TLS client, for wss:// and https://
 * passthrough backends.  Runs after the backend's TCP connect, under the
 * request phase's seccomp filter and before the relay's (the trust store
 * is read from files, GnuTLS may be loaded here), within the connection's
 * handshake deadline.
 *
 * SNI is the URL's host name, and none for an IP literal (RFC 6066 §3
 * forbids literal addresses in it; EasyTier broke reverse proxies by
 * always sending "localhost").  The certificate is verified against the
 * system trust store plus --backend-ca, and the name against the URL's
 * host (an IP literal against the certificate's IP addresses).
 * --backend-insecure skips both, with a warning on every connection.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "stop.h"
#include "tls_client.h"
#include "tls_int.h"
#include "wsinetd.h"

/* Trust: the system store and --backend-ca.  0, or -1 with err set. */
static int
tls_client_trust(struct tls *t, char *err, size_t errlen)
{
	int	 n, sys;

	if (cfg.backend_insecure)
		return 0;
	sys = t->lib.gnutls_certificate_set_x509_system_trust(t->cred);
	if (cfg.backend_ca != NULL) {
		n = t->lib.gnutls_certificate_set_x509_trust_file(t->cred,
		    cfg.backend_ca, GNUTLS_X509_FMT_PEM);
		if (n <= 0) {
			snprintf(err, errlen, "--backend-ca %s: %s",
			    cfg.backend_ca, n < 0 ? t->lib.gnutls_strerror(n) :
			    "no PEM certificates in it");
			return -1;
		}
	}
	if (sys <= 0 && cfg.backend_ca == NULL) {
		snprintf(err, errlen, "no system trust store (%s) and no "
		    "--backend-ca: cannot verify the backend",
		    sys < 0 ? t->lib.gnutls_strerror(sys) : "it is empty");
		return -1;
	}
	return 0;
}

/* Session set-up: 0, or -1 with err set. */
static int
tls_client_setup(struct tls *t, int fd, const char *host, bool host_is_ip,
    char *err, size_t errlen)
{
	gnutls_datum_t	 alpn = { (unsigned char *)"http/1.1", 8 };
	const char	*where = NULL;
	int		 r;

	if (tls_lib_load(&t->lib, err, errlen) != 0)
		return -1;
	r = t->lib.gnutls_priority_init(&t->prio, cfg.tls_priority, &where);
	if (r < 0) {
		t->prio = NULL;
		snprintf(err, errlen, "--tls-priority \"%s\": %s at \"%s\"",
		    cfg.tls_priority, t->lib.gnutls_strerror(r),
		    where ? where : "");
		return -1;
	}
	if ((r = t->lib.gnutls_certificate_allocate_credentials(&t->cred)) <
	    0) {
		t->cred = NULL;
		snprintf(err, errlen, "GnuTLS credentials: %s",
		    t->lib.gnutls_strerror(r));
		return -1;
	}
	if (tls_client_trust(t, err, errlen) != 0)
		return -1;
	r = t->lib.gnutls_init(&t->session, GNUTLS_CLIENT | GNUTLS_NONBLOCK |
	    GNUTLS_NO_SIGNAL);
	if (r < 0) {
		t->session = NULL;
		snprintf(err, errlen, "GnuTLS session: %s",
		    t->lib.gnutls_strerror(r));
		return -1;
	}
	if ((r = t->lib.gnutls_priority_set(t->session, t->prio)) < 0 ||
	    (r = t->lib.gnutls_credentials_set(t->session,
	    GNUTLS_CRD_CERTIFICATE, t->cred)) < 0 ||
	    (r = t->lib.gnutls_alpn_set_protocols(t->session, &alpn, 1,
	    0)) < 0 ||
	    (!host_is_ip && (r = t->lib.gnutls_server_name_set(t->session,
	    GNUTLS_NAME_DNS, host, strlen(host))) < 0)) {
		snprintf(err, errlen, "GnuTLS session: %s",
		    t->lib.gnutls_strerror(r));
		return -1;
	}
	/* The name check: a DNS name, or an IP literal against iPAddress
	 * subjectAltNames (GnuTLS tells the two apart itself). */
	if (!cfg.backend_insecure)
		t->lib.gnutls_session_set_verify_cert(t->session, host, 0);
	t->lib.gnutls_transport_set_int2(t->session, fd, fd);
	return 0;
}

/* A failed handshake as a sentence; returns the status to answer. */
static int
tls_client_error(struct tls *t, const char *spec, int r)
{
	char		 why[512] = "";
	unsigned	 status;

	switch (r) {
	case GNUTLS_E_CERTIFICATE_VERIFICATION_ERROR:
		tls_verify_why(t, true, why, sizeof(why));
		status = t->lib.gnutls_session_get_verify_cert_status(
		    t->session);
		log_warnx("%s: backend %s: certificate refused: %s; answered "
		    "502%s", t->peer, spec, why[0] ? why : "verification failed",
		    status & GNUTLS_CERT_SIGNER_NOT_FOUND ? " (--backend-ca "
		    "FILE adds a CA; --backend-insecure skips the check)" : "");
		return 502;
	case GNUTLS_E_FATAL_ALERT_RECEIVED:
		r = (int)t->lib.gnutls_alert_get(t->session);
		log_warnx("%s: backend %s: TLS handshake failed: the backend "
		    "sent alert '%s', answered 502", t->peer, spec,
		    t->lib.gnutls_alert_get_name(r));
		return 502;
	case GNUTLS_E_PREMATURE_TERMINATION:
	case GNUTLS_E_PULL_ERROR:
	case GNUTLS_E_PUSH_ERROR:
		log_warnx("%s: backend %s: TLS handshake failed: the backend "
		    "closed the connection in the middle of it (does it speak "
		    "TLS?), answered 502", t->peer, spec);
		return 502;
	}
	log_warnx("%s: backend %s: TLS handshake failed: %s, answered 502",
	    t->peer, spec, t->lib.gnutls_strerror(r));
	return 502;
}

/*
 * Open a TLS client session on the connected fd and shake hands before
 * deadline.  host is the URL's host (SNI unless host_is_ip); peer and spec
 * name the client and the target in log lines (peer must outlive the
 * session).  Returns 0 with *tp set (free it with tls_free), or the
 * status to answer after logging why: 502, or 504 on the deadline.
 */
int
tls_client_open(struct tls **tp, int fd, const char *host, bool host_is_ip,
    const char *peer, const char *spec, int64_t deadline)
{
	struct tls	*t;
	char		 err[512];
	int		 r, fatal = 0;

	*tp = NULL;
	if ((t = calloc(1, sizeof(*t))) == NULL) {
		log_warn("%s: backend %s: allocating TLS state, answered 502",
		    peer, spec);
		return 502;
	}
	t->peer = peer;
	if (tls_client_setup(t, fd, host, host_is_ip, err, sizeof(err)) !=
	    0) {
		log_warnx("%s: backend %s: %s, answered 502", peer, spec, err);
		tls_free(t);
		return 502;
	}
	if (cfg.backend_insecure)
		log_warnx("%s: backend %s: certificate NOT verified "
		    "(--backend-insecure): anyone on the path can read and "
		    "change this connection", peer, spec);
	r = tls_shake(t, fd, fd, deadline, &fatal);
	if (r != 0) {
		if (r == 1)
			r = tls_client_error(t, spec, fatal);
		else if (r == -ETIMEDOUT) {
			log_warnx("%s: backend %s: TLS handshake not done "
			    "within the handshake timeout (%d s), answered "
			    "504", peer, spec, cfg.handshake_timeout);
			r = 504;
		} else if (r == -ECANCELED) {
			log_warnx("%s: %s during backend %s's TLS handshake, "
			    "answered 503", peer, stop_name(), spec);
			r = 503;
		} else {
			log_warnx("%s: backend %s: TLS handshake: %s, answered "
			    "502", peer, spec, strerror(-r));
			r = 502;
		}
		tls_free(t);
		return r;
	}
	log_info("%s: backend %s: TLS %s", peer, spec,
	    t->lib.gnutls_protocol_get_name(
	    t->lib.gnutls_protocol_get_version(t->session)));
	*tp = t;
	return 0;
}
