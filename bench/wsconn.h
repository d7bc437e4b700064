/*
 * wsconn.h: one client connection for the benchmark tools: TCP to a
 * loopback address, optionally TLS (GnuTLS), and the WebSocket opening
 * handshake.  Reads and writes look like read(2)/write(2) whether or not
 * TLS is on, blocking (with timeouts) or nonblocking.
 */
#ifndef WSCONN_H
#define WSCONN_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>

#include <gnutls/gnutls.h>

/* Where to connect: resolved once, shared read-only by every worker. */
struct target {
	struct sockaddr_storage	 addr;
	socklen_t		 addrlen;
	char			 hosthdr[300];	/* Host: header value */
	const char		*path;		/* request target, "/" */
};

/* TLS client settings; cred is shared read-only by every worker. */
struct tlsconf {
	int			 on;
	int			 insecure;	/* do not verify the chain */
	const char		*sni;		/* NULL: none */
	const char		*cafile;
	const char		*priority;	/* NULL: "NORMAL" */
	gnutls_certificate_credentials_t cred;
};

struct wsconn {
	int			 fd;
	gnutls_session_t	 tls;		/* NULL when plain */
	size_t			 again_len;	/* TLS send to repeat, or 0 */
	int			 nonblock;
	int			 timeout_ms;	/* blocking calls */
	char			 err[160];	/* why the last call failed */
};

int	 target_resolve(struct target *, const char *host, const char *port,
	    const char *path);
int	 tlsconf_init(struct tlsconf *, char *err, size_t errlen);
void	 tlsconf_free(struct tlsconf *);

/*
 * Connect (and do the TLS handshake), with every blocking call bounded
 * by timeout_ms.  Returns 0, or -1 with c->err set; c->fd is -1 after
 * a failure and after wsconn_close().
 */
int	 wsconn_open(struct wsconn *c, const struct target *,
	    const struct tlsconf *, int timeout_ms);
void	 wsconn_close(struct wsconn *c);
int	 wsconn_set_nonblock(struct wsconn *c);

/*
 * read(2)/write(2) alike: >0 bytes, 0 end of stream (read), -1 with
 * errno: EAGAIN when nothing can move now (or a blocking call timed out),
 * EPROTO for a TLS failure (c->err says which).
 */
ssize_t	 wsconn_read(struct wsconn *c, void *buf, size_t len);
ssize_t	 wsconn_write(struct wsconn *c, const void *buf, size_t len);
/* Bytes GnuTLS has decrypted that poll() cannot see. */
size_t	 wsconn_pending(struct wsconn *c);

/* Blocking helpers: 0 or -1 with c->err set. */
int	 wsconn_write_all(struct wsconn *c, const void *buf, size_t len);
/* Send our half-close: TLS close_notify (if TLS) and a TCP FIN. */
int	 wsconn_shutdown(struct wsconn *c);
/* Read and discard until end of stream; 0, or -1 on error or timeout. */
int	 wsconn_drain(struct wsconn *c);

/*
 * The RFC 6455 §4.1 opening handshake: send the upgrade request, read the
 * response head, require 101 and the right Sec-WebSocket-Accept.  Bytes
 * after the head (frames the server sent at once) land in rest, *restlen
 * of them.  Returns 0 or -1 with c->err set.
 */
int	 wsconn_upgrade(struct wsconn *c, const struct target *, uint64_t seed,
	    uint8_t *rest, size_t restcap, size_t *restlen);

#endif
