/*
 * tls_client.h: a GnuTLS client session to a wss:// or https:// backend.
 * The session is a struct tls (tls_int.h), so tls.c's record functions
 * (tls_recv, tls_send, tls_pending, tls_want_write, tls_bye, tls_free)
 * work on it as they do on the client's.
 */
#ifndef TLS_CLIENT_H
#define TLS_CLIENT_H

#include <stdbool.h>
#include <stdint.h>

struct tls;

int	 tls_client_open(struct tls **, int, const char *, bool, const char *,
	    const char *, int64_t);

#endif
