/*
 * proxy_build.c: make the PROXY protocol header (HAProxy's
 * proxy-protocol.txt: v1 text, section 2.1; v2 binary, section 2.2) that
 * --backend-proxy sends first to a tcp: or unix: backend, so it learns
 * the client wsinetd decided on (the socket's peer, a PROXY header's
 * source, or a trusted X-Forwarded-For).  Strings in, bytes out: no I/O,
 * so t_proxy_build checks the bytes and parses them back with proxy.c.
 *
 * Addresses come as wsinetd names peers: "1.2.3.4:5", "[2001:db8::1]:5",
 * or without a port from X-Forwarded-For ("1.2.3.4", "[2001:db8::1]":
 * port 0).  An IPv4-mapped IPv6 address counts as IPv4.  When the client
 * and the address it reached are of different families both are sent as
 * IPv6 (IPv4 mapped), since a header has one family; an unknown
 * destination is the unspecified address, port 0.  An unknown client
 * ("unix", "unknown") is v1 "PROXY UNKNOWN" or a v2 PROXY command with
 * family UNSPEC: the backend then uses the connection's own address.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "proxy.h"
#include "proxy_build.h"

static const unsigned char proxy_build_sig[12] = {
	0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a
};

#define PROXY_V2_VER_PROXY	0x21	/* version 2, command PROXY */
#define PROXY_V2_UNSPEC		0x00
#define PROXY_V2_TCP4		0x11
#define PROXY_V2_TCP6		0x21

struct proxy_addr {
	int		 af;		/* AF_INET, AF_INET6, or 0: unknown */
	unsigned char	 a[16];		/* 4 or 16 bytes */
	unsigned	 port;
};

/* "v1", "v2", "off" -> enum proxy_send; -1 for anything else. */
int
proxy_version_parse(const char *s)
{
	if (strcmp(s, "v1") == 0)
		return PROXY_SEND_V1;
	if (strcmp(s, "v2") == 0)
		return PROXY_SEND_V2;
	if (strcmp(s, "off") == 0)
		return PROXY_SEND_OFF;
	return -1;
}

const char *
proxy_version_name(int v)
{
	return v == PROXY_SEND_V1 ? "v1" : v == PROXY_SEND_V2 ? "v2" : "off";
}

/* One of wsinetd's peer names into pa; pa->af 0 when it is no address. */
static void
proxy_build_addr(const char *s, struct proxy_addr *pa)
{
	char		 ip[INET6_ADDRSTRLEN + 1];
	const char	*end, *port = NULL;
	size_t		 n;

	memset(pa, 0, sizeof(*pa));
	if (s == NULL)
		return;
	if (*s == '[') {
		if ((end = strchr(s, ']')) == NULL)
			return;
		s++;
		if (end[1] == ':')
			port = end + 2;
		else if (end[1] != '\0')
			return;
	} else if ((end = strchr(s, ':')) != NULL) {
		if (strchr(end + 1, ':') != NULL)
			return;		/* an IPv6 address needs brackets */
		port = end + 1;
	} else
		end = s + strlen(s);
	n = (size_t)(end - s);
	if (n == 0 || n >= sizeof(ip))
		return;
	memcpy(ip, s, n);
	ip[n] = '\0';
	if (port != NULL && proxy_port_parse(port, strlen(port), &pa->port) !=
	    0)
		return;
	if (inet_pton(AF_INET, ip, pa->a) == 1)
		pa->af = AF_INET;
	else if (inet_pton(AF_INET6, ip, pa->a) == 1) {
		pa->af = AF_INET6;
		if (memcmp(pa->a, "\0\0\0\0\0\0\0\0\0\0\xff\xff", 12) == 0) {
			memmove(pa->a, pa->a + 12, 4);
			memset(pa->a + 4, 0, 12);
			pa->af = AF_INET;
		}
	}
}

/* IPv4 as its IPv4-mapped IPv6 form. */
static void
proxy_build_map6(struct proxy_addr *pa)
{
	if (pa->af != AF_INET)
		return;
	memmove(pa->a + 12, pa->a, 4);
	memcpy(pa->a, "\0\0\0\0\0\0\0\0\0\0\xff\xff", 12);
	pa->af = AF_INET6;
}

static int
proxy_build_v1(const struct proxy_addr *s, const struct proxy_addr *d,
    unsigned char *out, size_t size, size_t *len)
{
	char	 line[PROXY_BUILD_MAX + 1];
	char	 sip[INET6_ADDRSTRLEN], dip[INET6_ADDRSTRLEN];
	int	 n;

	if (s->af == 0)
		n = snprintf(line, sizeof(line), "PROXY UNKNOWN\r\n");
	else {
		inet_ntop(s->af, s->a, sip, sizeof(sip));
		inet_ntop(d->af, d->a, dip, sizeof(dip));
		n = snprintf(line, sizeof(line), "PROXY %s %s %s %u %u\r\n",
		    s->af == AF_INET ? "TCP4" : "TCP6", sip, dip, s->port,
		    d->port);
	}
	if (n < 0 || (size_t)n > size)
		return -ENOSPC;
	memcpy(out, line, (size_t)n);	/* no NUL: it is not sent */
	*len = (size_t)n;
	return 0;
}

static int
proxy_build_v2(const struct proxy_addr *s, const struct proxy_addr *d,
    unsigned char *out, size_t size, size_t *len)
{
	size_t	 alen = s->af == AF_INET ? 4 : s->af == AF_INET6 ? 16 : 0;
	size_t	 body = alen ? 2 * alen + 4 : 0, i = 16;

	if (16 + body > size)
		return -ENOSPC;
	memcpy(out, proxy_build_sig, sizeof(proxy_build_sig));
	out[12] = PROXY_V2_VER_PROXY;
	out[13] = alen == 4 ? PROXY_V2_TCP4 : alen == 16 ? PROXY_V2_TCP6 :
	    PROXY_V2_UNSPEC;
	out[14] = (unsigned char)(body >> 8);
	out[15] = (unsigned char)body;
	if (alen) {
		memcpy(out + i, s->a, alen);
		memcpy(out + i + alen, d->a, alen);
		i += 2 * alen;
		out[i++] = (unsigned char)(s->port >> 8);
		out[i++] = (unsigned char)s->port;
		out[i++] = (unsigned char)(d->port >> 8);
		out[i++] = (unsigned char)d->port;
	}
	*len = 16 + body;
	return 0;
}

/*
 * The header of version (PROXY_SEND_V1 or _V2) for the client src and the
 * address dst it connected to (NULL or "" if not known) into
 * out[0..size).  Returns 0 with *len set, -ENOSPC, or -EINVAL for another
 * version.
 */
int
proxy_build(int version, const char *src, const char *dst,
    unsigned char *out, size_t size, size_t *len)
{
	struct proxy_addr s, d;

	proxy_build_addr(src, &s);
	proxy_build_addr(dst, &d);
	if (s.af != 0 && d.af == 0) {
		memset(&d, 0, sizeof(d));	/* 0.0.0.0:0 or [::]:0 */
		d.af = s.af;
	}
	if (s.af != d.af) {
		proxy_build_map6(&s);
		proxy_build_map6(&d);
	}
	if (version == PROXY_SEND_V1)
		return proxy_build_v1(&s, &d, out, size, len);
	if (version == PROXY_SEND_V2)
		return proxy_build_v2(&s, &d, out, size, len);
	return -EINVAL;
}
