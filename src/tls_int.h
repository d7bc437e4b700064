/*
 * tls_int.h: the TLS state shared by tls.c (session, records),
 * tls_creds.c (files: certificates, client CA, priority, ticket key) and
 * tls_accept.c (the pipeline stage).  Nothing else sees GnuTLS types.
 */
#ifndef TLS_INT_H
#define TLS_INT_H

#include <stdbool.h>

#include "tls.h"
#include "tls_lib.h"

#define TLS_RECORD_MAX	16384		/* RFC 8446 §5.1: 2^14 plaintext */

struct tls {
	struct tls_lib			 lib;
	gnutls_certificate_credentials_t cred;
	gnutls_priority_t		 prio;
	gnutls_session_t		 session;
	unsigned char			 ticket[TICKET_KEY_LEN];
	bool				 has_ticket;
	size_t				 send_pending;	/* repeat after AGAIN */
	bool				 recv_more;	/* no AGAIN since data */
	bool				 batch;		/* MSG_MORE pushes */
	const char			*peer;		/* for log lines */
};

int	 tls_creds_load(struct tls *, bool, char *, size_t);
void	 tls_verify_why(struct tls *, bool, char *, size_t);
void	 tls_creds_free(struct tls *);
int	 tls_shake(struct tls *, int, int, int64_t, int *);

#endif
