/*
 * tls_creds.c: everything TLS reads from files, read again for every
 * connection (one process each), so replacing a certificate, the client
 * CA or the ticket key applies to the next connection without a reload.
 * Each failure is a sentence naming the file, for the log and --check.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "tls_int.h"
#include "wsinetd.h"

static int
tls_creds_pairs(struct tls *t, char *err, size_t errlen)
{
	const struct tls_pair	*p;
	size_t			 i;
	int			 r;

	if (cfg.ntls_certs == 0) {
		snprintf(err, errlen, "TLS is on but no TLS certificate is "
		    "configured: give --tls-cert FILE --tls-key FILE, or "
		    "LoadCredential=tls.crt and tls.key in the unit");
		return -1;
	}
	for (i = 0; i < cfg.ntls_certs; i++) {
		p = &cfg.tls_certs[i];
		if (access(p->cert, R_OK) == -1) {
			snprintf(err, errlen, "TLS certificate %s: %s",
			    p->cert, strerror(errno));
			return -1;
		}
		if (access(p->key, R_OK) == -1) {
			snprintf(err, errlen, "TLS certificate %s: key %s: %s",
			    p->cert, p->key, strerror(errno));
			return -1;
		}
		/* Several pairs: GnuTLS serves the one matching the SNI
		 * name, else the first, our documented fallback. */
		r = t->lib.gnutls_certificate_set_x509_key_file2(t->cred,
		    p->cert, p->key, GNUTLS_X509_FMT_PEM, NULL, 0);
		if (r < 0) {
			snprintf(err, errlen, "TLS certificate %s with key "
			    "%s: %s", p->cert, p->key,
			    t->lib.gnutls_strerror(r));
			return -1;
		}
	}
	return 0;
}

static int
tls_creds_client_ca(struct tls *t, char *err, size_t errlen)
{
	int	 n;

	if (cfg.tls_client_ca == NULL)
		return 0;
	if (access(cfg.tls_client_ca, R_OK) == -1) {
		snprintf(err, errlen, "--tls-client-ca %s: %s",
		    cfg.tls_client_ca, strerror(errno));
		return -1;
	}
	n = t->lib.gnutls_certificate_set_x509_trust_file(t->cred,
	    cfg.tls_client_ca, GNUTLS_X509_FMT_PEM);
	if (n <= 0) {
		snprintf(err, errlen, "--tls-client-ca %s: %s",
		    cfg.tls_client_ca, n < 0 ? t->lib.gnutls_strerror(n) :
		    "no PEM certificates in it");
		return -1;
	}
	return 0;
}

/*
 * Load the library and every file into t: 0, or -1 with the reason in err
 * (the caller exits 78: the configuration, not the client, is wrong).
 * match_keys proves each key belongs to its certificate by signing and
 * verifying: a third of a TLS connection's start-up, so --check does it
 * and connections do not (a mismatched pair then fails the handshake).
 */
int
tls_creds_load(struct tls *t, bool match_keys, char *err, size_t errlen)
{
	const char	*where = NULL;
	char		 why[256];
	int		 r;

	if (tls_lib_load(&t->lib, err, errlen) != 0)
		return -1;
	r = t->lib.gnutls_priority_init(&t->prio, cfg.tls_priority, &where);
	if (r < 0) {
		snprintf(err, errlen, "--tls-priority \"%s\": %s at \"%s\"",
		    cfg.tls_priority, t->lib.gnutls_strerror(r),
		    where ? where : "");
		t->prio = NULL;
		return -1;
	}
	if ((r = t->lib.gnutls_certificate_allocate_credentials(&t->cred)) <
	    0) {
		snprintf(err, errlen, "GnuTLS credentials: %s",
		    t->lib.gnutls_strerror(r));
		t->cred = NULL;
		return -1;
	}
	if (!match_keys)
		t->lib.gnutls_certificate_set_flags(t->cred,
		    GNUTLS_CERTIFICATE_SKIP_KEY_CERT_MATCH);
	if (tls_creds_pairs(t, err, errlen) != 0 ||
	    tls_creds_client_ca(t, err, errlen) != 0)
		return -1;
	if (cfg.tls_ticket_key != NULL) {
		if (tls_ticket_read(cfg.tls_ticket_key, t->ticket, why,
		    sizeof(why)) != 0) {
			snprintf(err, errlen, "TLS ticket key %s: %s",
			    cfg.tls_ticket_key, why);
			return -1;
		}
		t->has_ticket = true;
	}
	return 0;
}

void
tls_creds_free(struct tls *t)
{
	if (t->cred != NULL)
		t->lib.gnutls_certificate_free_credentials(t->cred);
	if (t->prio != NULL)
		t->lib.gnutls_priority_deinit(t->prio);
	t->cred = NULL;
	t->prio = NULL;
	explicit_bzero(t->ticket, sizeof(t->ticket));
}
