/*
 * proxy.c: parse a PROXY protocol header, v1 ("PROXY TCP4 a b p q\r\n")
 * or v2 (the 12-byte signature, then version/command, family, length and
 * addresses), as HAProxy's proxy-protocol.txt specifies.  Bytes in, the
 * real client's address out: no reads, no allocation, no logging, so the
 * unit test and the fuzz harness call proxy_parse() directly (STYLE.md
 * habit 3).  Reading the header off the socket is proxy_read.c's job.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "proxy.h"

static const unsigned char proxy_v2_sig[12] = {
	0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a
};

#define PROXY_V2_VERSION	0x20	/* high nibble of byte 12 */
#define PROXY_V2_CMD_LOCAL	0x00
#define PROXY_V2_CMD_PROXY	0x01
#define PROXY_V2_AF_UNSPEC	0x00
#define PROXY_V2_TCP4		0x11
#define PROXY_V2_TCP6		0x21
#define PROXY_V2_UDP4		0x12
#define PROXY_V2_UDP6		0x22
#define PROXY_V2_UNIX		0x31
#define PROXY_V2_UNIX_DGRAM	0x32

static enum proxy_result
proxy_bad(struct proxy_info *pi, const char *why)
{
	snprintf(pi->why, sizeof(pi->why), "%s", why);
	return PROXY_BAD;
}

/* "ip:port" or "[ip6]:port" into out[64], as activation.c names peers. */
static void
proxy_name(char out[64], int af, const void *addr, unsigned port)
{
	char	 ip[INET6_ADDRSTRLEN];

	if (inet_ntop(af, addr, ip, sizeof(ip)) == NULL)
		return;
	if (af == AF_INET6)
		snprintf(out, 64, "[%s]:%u", ip, port);
	else
		snprintf(out, 64, "%s:%u", ip, port);
}

/* A port: 1 to 5 digits, no leading zero (except "0"), <= 65535;
 * 0 or -1.  (The v1 line's rule; proxy_build.c reads peer names by it.) */
int
proxy_port_parse(const char *s, size_t n, unsigned *port)
{
	size_t	 i;

	*port = 0;
	if (n == 0 || n > 5 || (n > 1 && s[0] == '0'))
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		*port = *port * 10 + (unsigned)(s[i] - '0');
	}
	return *port <= 65535 ? 0 : -1;
}

/* Split the v1 line (without CRLF) at single spaces into at most 6. */
static size_t
proxy_v1_fields(const char *line, size_t n, const char *f[6], size_t len[6])
{
	size_t	 k = 0, start = 0, i;

	for (i = 0; i <= n; i++) {
		if (i < n && line[i] != ' ')
			continue;
		if (k == 6)
			return 7;
		f[k] = line + start;
		len[k++] = i - start;
		start = i + 1;
	}
	return k;
}

static enum proxy_result
proxy_v1(const unsigned char *p, size_t n, struct proxy_info *pi,
    size_t *hdrlen)
{
	const char	*f[6];
	char		 line[PROXY_V1_MAX], src[INET6_ADDRSTRLEN + 1];
	size_t		 len[6], i, end = 0, k;
	unsigned	 sport, dport;
	unsigned char	 addr[16];
	int		 af;

	for (i = 0; i + 1 < n && i + 2 <= PROXY_V1_MAX; i++)
		if (p[i] == '\r' && p[i + 1] == '\n') {
			end = i;
			break;
		}
	if (end == 0 && n >= PROXY_V1_MAX)
		return proxy_bad(pi, "v1 line longer than 107 bytes");
	/* Printable ASCII up to the CRLF; so far, a final '\r' may come. */
	for (i = 0; i < (end ? end : n); i++)
		if ((p[i] < 0x20 || p[i] > 0x7e) &&
		    !(end == 0 && i == n - 1 && p[i] == '\r'))
			return proxy_bad(pi, "v1 line has a control character "
			    "or is not ended by CRLF");
	if (end == 0)
		return PROXY_PARTIAL;
	memcpy(line, p, end);
	k = proxy_v1_fields(line, end, f, len);
	*hdrlen = end + 2;
	if (k >= 2 && len[1] == 7 && memcmp(f[1], "UNKNOWN", 7) == 0) {
		pi->local = true;	/* the rest of the line is ignored */
		return PROXY_OK;
	}
	if (k != 6)
		return proxy_bad(pi, "v1 line does not have 6 fields");
	if (len[1] == 4 && memcmp(f[1], "TCP4", 4) == 0)
		af = AF_INET;
	else if (len[1] == 4 && memcmp(f[1], "TCP6", 4) == 0)
		af = AF_INET6;
	else
		return proxy_bad(pi, "v1 protocol is not TCP4, TCP6 or UNKNOWN");
	for (i = 2; i <= 3; i++) {
		if (len[i] == 0 || len[i] >= sizeof(src))
			return proxy_bad(pi, "v1 address is not an address");
		memcpy(src, f[i], len[i]);
		src[len[i]] = '\0';
		if (inet_pton(af, src, addr) != 1)
			return proxy_bad(pi, "v1 address does not match the "
			    "protocol");
	}
	if (proxy_port_parse(f[4], len[4], &sport) != 0 ||
	    proxy_port_parse(f[5], len[5], &dport) != 0)
		return proxy_bad(pi, "v1 port is not 0-65535");
	memcpy(src, f[2], len[2]);
	src[len[2]] = '\0';
	(void)inet_pton(af, src, addr);
	proxy_name(pi->peer, af, addr, sport);
	memcpy(src, f[3], len[3]);
	src[len[3]] = '\0';
	(void)inet_pton(af, src, addr);
	proxy_name(pi->dst, af, addr, dport);
	return PROXY_OK;
}

static enum proxy_result
proxy_v2(const unsigned char *p, size_t n, struct proxy_info *pi,
    size_t *hdrlen)
{
	size_t		 len;
	unsigned	 cmd, fam;

	if (n < 16)
		return PROXY_PARTIAL;
	if ((p[12] & 0xf0) != PROXY_V2_VERSION)
		return proxy_bad(pi, "v2 version is not 2");
	cmd = p[12] & 0x0f;
	fam = p[13];
	len = (size_t)p[14] << 8 | p[15];
	if (16 + len > PROXY_V2_MAX)
		return proxy_bad(pi, "v2 header longer than 1040 bytes");
	if (cmd != PROXY_V2_CMD_LOCAL && cmd != PROXY_V2_CMD_PROXY)
		return proxy_bad(pi, "v2 command is neither LOCAL nor PROXY");
	if (n < 16 + len)
		return PROXY_PARTIAL;
	*hdrlen = 16 + len;
	if (cmd == PROXY_V2_CMD_LOCAL) {
		/* "established on purpose by the proxy without being
		 * relayed ... when the proxy sends health-checks" (§2.2) */
		pi->local = pi->own = true;
		return PROXY_OK;
	}
	switch (fam) {
	case PROXY_V2_TCP4:
		if (len < 12)
			return proxy_bad(pi, "v2 TCP4 addresses cut short");
		proxy_name(pi->peer, AF_INET, p + 16,
		    (unsigned)p[24] << 8 | p[25]);
		proxy_name(pi->dst, AF_INET, p + 20,
		    (unsigned)p[26] << 8 | p[27]);
		return PROXY_OK;
	case PROXY_V2_TCP6:
		if (len < 36)
			return proxy_bad(pi, "v2 TCP6 addresses cut short");
		proxy_name(pi->peer, AF_INET6, p + 16,
		    (unsigned)p[48] << 8 | p[49]);
		proxy_name(pi->dst, AF_INET6, p + 32,
		    (unsigned)p[50] << 8 | p[51]);
		return PROXY_OK;
	case PROXY_V2_AF_UNSPEC:
	case PROXY_V2_UNIX:
		pi->local = true;	/* no address we could log */
		return PROXY_OK;
	case PROXY_V2_UDP4:
	case PROXY_V2_UDP6:
	case PROXY_V2_UNIX_DGRAM:
		return proxy_bad(pi, "v2 header for a datagram connection");
	default:
		return proxy_bad(pi, "v2 address family unknown");
	}
}

/*
 * Parse the start of the stream, p[0..n).  PROXY_OK: a whole header of
 * *hdrlen bytes, pi->peer set (or pi->local when the header names no
 * client); PROXY_PARTIAL: all n bytes belong to a header not yet complete
 * (so a reader may consume them and wait); PROXY_BAD: pi->why says why.
 */
enum proxy_result
proxy_parse(const unsigned char *p, size_t n, struct proxy_info *pi,
    size_t *hdrlen)
{
	size_t	 cmp;

	memset(pi, 0, sizeof(*pi));
	*hdrlen = 0;
	if (n == 0)
		return PROXY_PARTIAL;
	if (p[0] == proxy_v2_sig[0]) {
		cmp = n < sizeof(proxy_v2_sig) ? n : sizeof(proxy_v2_sig);
		if (memcmp(p, proxy_v2_sig, cmp) != 0)
			return proxy_bad(pi, "no PROXY header (v2 signature "
			    "wrong)");
		return proxy_v2(p, n, pi, hdrlen);
	}
	cmp = n < 6 ? n : 6;
	if (memcmp(p, "PROXY ", cmp) != 0)
		return proxy_bad(pi, "no PROXY header");
	if (n < 6)
		return PROXY_PARTIAL;
	return proxy_v1(p, n, pi, hdrlen);
}
