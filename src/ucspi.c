/*
 * ucspi.c: adopt a connection from a UCSPI launcher when fds 0 and 1 are
 * not a socket.  tcpserver (ucspi-tcp) and s6-tcpserver hand over the
 * socket itself, which activation.c's inetd branch takes as it is; but
 * s6-tlsserver puts s6-tlsd between the network and us, and then fds 0
 * and 1 are pipes: there is no getpeername().  The launcher says who the
 * client is in its environment (UCSPI: $PROTO names the protocol, and
 * ${PROTO}REMOTEIP, ${PROTO}REMOTEPORT, ${PROTO}LOCALIP and
 * ${PROTO}LOCALPORT the addresses), and s6-tlsd what TLS it negotiated
 * (SSL_PROTOCOL, SSL_CIPHER, SSL_TLS_SNI_SERVERNAME,
 * SSL_PEER_CERT_SUBJECT): those become the connection's TLS facts, shown
 * in the access line ("by=ucspi") and passed to exec: programs as if
 * wsinetd had terminated TLS.
 *
 * Pipes change how a connection ends (client.c, relay.c, splice.c): no
 * shutdown(2), so our half-close is closing fd 1; no POLLRDHUP, so the
 * client's end of input is POLLHUP on fd 0, which for a pipe does not
 * mean fd 1 is gone too.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ucspi.h"
#include "wsinetd.h"

static bool
ucspi_is_pipe(int fd)
{
	struct stat	 st;

	return fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode);
}

/* ${PROTO}NAME, or NULL. */
static const char *
ucspi_env(const char *proto, const char *name)
{
	char	 var[64];

	snprintf(var, sizeof(var), "%s%s", proto, name);
	return getenv(var);
}

/* "ip:port" or "[ip6]:port" from the launcher's IP and PORT variables
 * into out[64]; false when IP is not an address. */
static bool
ucspi_addr(const char *ip, const char *port, char out[64])
{
	unsigned char	 a[16];
	bool		 v6;

	if (ip == NULL)
		return false;
	v6 = inet_pton(AF_INET6, ip, a) == 1;
	if (!v6 && inet_pton(AF_INET, ip, a) != 1)
		return false;
	if (port != NULL && (port[0] == '\0' || strlen(port) > 5 ||
	    strspn(port, "0123456789") != strlen(port)))
		port = NULL;
	snprintf(out, 64, "%s%s%s%s%s", v6 ? "[" : "", ip, v6 ? "]" : "",
	    port ? ":" : "", port ? port : "");
	return true;
}

static void
ucspi_copy(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src ? src : "");
}

/* s6-tlsd's facts, when it terminated TLS for us. */
static void
ucspi_tls(struct conn *c)
{
	struct tls_facts *t = &c->tlsf;
	const char	*proto = getenv("SSL_PROTOCOL");

	if (proto == NULL || *proto == '\0')
		return;
	t->on = true;
	ucspi_copy(t->by, sizeof(t->by), "ucspi");
	ucspi_copy(t->protocol, sizeof(t->protocol), proto);
	ucspi_copy(t->cipher, sizeof(t->cipher), getenv("SSL_CIPHER"));
	ucspi_copy(t->sni, sizeof(t->sni), getenv("SSL_TLS_SNI_SERVERNAME"));
	ucspi_copy(t->client_dn, sizeof(t->client_dn),
	    getenv("SSL_PEER_CERT_SUBJECT"));
}

/*
 * When fds 0 and 1 are pipes and $PROTO says a UCSPI launcher started
 * us: take them as the client (c->cli_pipe) with the
 * peer, the address it reached and the TLS facts from the environment.
 * Returns whether it did.
 */
bool
ucspi_adopt(struct conn *c)
{
	const char	*proto = getenv("PROTO");

	if (proto == NULL || *proto == '\0' || strlen(proto) > 16 ||
	    !ucspi_is_pipe(STDIN_FILENO) || !ucspi_is_pipe(STDOUT_FILENO))
		return false;
	c->cli_in = STDIN_FILENO;
	c->cli_out = STDOUT_FILENO;
	c->cli_pipe = true;
	if (!ucspi_addr(ucspi_env(proto, "REMOTEIP"), ucspi_env(proto,
	    "REMOTEPORT"), c->peer))
		snprintf(c->peer, sizeof(c->peer), "unknown");
	if (!ucspi_addr(ucspi_env(proto, "LOCALIP"), ucspi_env(proto,
	    "LOCALPORT"), c->local))
		c->local[0] = '\0';
	ucspi_tls(c);
	return true;
}
