/*
 * tls.h: TLS termination for one connection (GnuTLS through tls_lib.h).
 *
 * tls_detect() and tls_start() are the pipeline stage between activation
 * and the HTTP request: the first decides whether this connection is TLS,
 * and if so loads the credentials (read per connection, so replaced files
 * apply at once) while the process still has its privileges; the second,
 * after privdrop, shakes hands within --handshake-timeout.  The
 * record functions then give client.c read(2)/write(2) semantics.
 */
#ifndef TLS_H
#define TLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define TICKET_KEY_LEN	64		/* GnuTLS's session-ticket master key */
#define TLS_RECORD_HANDSHAKE 0x16	/* first byte of a ClientHello */

struct conn;
struct tls;

int		 tls_detect(struct conn *);
int		 tls_start(struct conn *);
int		 tls_preload(struct conn *);
int		 tls_open(struct conn *);
int		 tls_handshake(struct conn *, int64_t);
ssize_t		 tls_recv(struct tls *, void *, size_t);
ssize_t		 tls_send(struct tls *, const void *, size_t);
bool		 tls_pending(struct tls *);
int		 tls_want_write(struct tls *);
void		 tls_bye(struct tls *, int, int64_t);
void		 tls_free(struct tls *);
int		 tls_check(char *, size_t);
void		 tls_preload_lib(void);
const char	*tls_lib_version(char *, size_t);

int		 tls_ticket_generate(const char *);
int		 tls_ticket_read(const char *, unsigned char *, char *, size_t);

#endif
