/*
 * forwarded.c: take the client's address from X-Forwarded-For, but only
 * from peers in a --trust-forwarded CIDR.  Runs after the request head is
 * parsed and before it is checked, so every later log line names the
 * client.  The address chosen is the rightmost one that is not itself a
 * trusted proxy: each trusted hop appended the address it saw, and what
 * is left of the first untrusted one may have been written by the client.
 * The parsing functions are pure (strings in, a string out).
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "forwarded.h"
#include "http.h"
#include "log.h"
#include "wsinetd.h"

/* A literal IPv4 or IPv6 address (brackets allowed) of n bytes. */
static int
forwarded_addr(const char *s, size_t n, int *af, unsigned char *addr)
{
	char	 buf[INET6_ADDRSTRLEN + 1];

	if (n >= 2 && s[0] == '[' && s[n - 1] == ']') {
		s++;
		n -= 2;
	}
	if (n == 0 || n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (inet_pton(AF_INET, buf, addr) == 1) {
		*af = AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, buf, addr) == 1) {
		*af = AF_INET6;
		return 0;
	}
	return -1;
}

/* "ADDR" or "ADDR/BITS": 0, or -1 when it is not a CIDR. */
int
forwarded_cidr_parse(const char *s, struct cidr *c)
{
	const char	*slash = strchr(s, '/');
	size_t		 n = slash ? (size_t)(slash - s) : strlen(s);
	unsigned	 max, bits = 0;
	const char	*p;

	memset(c, 0, sizeof(*c));
	if (forwarded_addr(s, n, &c->af, c->addr) != 0)
		return -1;
	max = c->af == AF_INET ? 32 : 128;
	if (slash == NULL) {
		c->bits = max;
		return 0;
	}
	if (slash[1] == '\0' || strlen(slash + 1) > 3)
		return -1;
	for (p = slash + 1; *p; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		bits = bits * 10 + (unsigned)(*p - '0');
	}
	if (bits > max)
		return -1;
	c->bits = bits;
	return 0;
}

static bool
forwarded_match(const struct cidr *c, int af, const unsigned char *addr)
{
	unsigned	 full = c->bits / 8, rest = c->bits % 8;

	if (c->af != af)
		return false;
	if (memcmp(c->addr, addr, full) != 0)
		return false;
	return rest == 0 || ((c->addr[full] ^ addr[full]) &
	    (0xff00u >> rest & 0xff)) == 0;
}

static bool
forwarded_in(const struct cidr *cs, size_t n, int af,
    const unsigned char *addr)
{
	size_t	 i;
	unsigned char v4[4];

	/* An IPv4-mapped IPv6 peer is matched as IPv4. */
	if (af == AF_INET6 && memcmp(addr, "\0\0\0\0\0\0\0\0\0\0\xff\xff",
	    12) == 0) {
		memcpy(v4, addr + 12, 4);
		return forwarded_in(cs, n, AF_INET, v4);
	}
	for (i = 0; i < n; i++)
		if (forwarded_match(&cs[i], af, addr))
			return true;
	return false;
}

/* Is the peer "ip:port" / "[ip6]:port" (as c->peer) in one of cs? */
bool
forwarded_trusted(const struct cidr *cs, size_t n, const char *peer)
{
	const char	*end;
	unsigned char	 addr[16];
	int		 af;

	if (peer[0] == '[')
		end = strchr(peer, ']') ? strchr(peer, ']') + 1 : NULL;
	else
		end = strrchr(peer, ':');
	if (end == NULL)
		end = peer + strlen(peer);
	if (forwarded_addr(peer, (size_t)(end - peer), &af, addr) != 0)
		return false;
	return forwarded_in(cs, n, af, addr);
}

/*
 * Walk the X-Forwarded-For value v[0..n) from the right, skipping
 * addresses in cs; write the first other one to out.  Returns 1 with out
 * set, 0 when every element is in cs (an earlier line may go on), -1
 * when an element is not an address (out untouched).
 */
static int
forwarded_walk(const char *v, size_t n, const struct cidr *cs, size_t ncs,
    char *out, size_t outlen)
{
	unsigned char	 addr[16];
	char		 ip[INET6_ADDRSTRLEN];
	size_t		 pos = n, start, s, e;
	int		 af;

	for (;;) {
		start = pos;
		while (start > 0 && v[start - 1] != ',')
			start--;
		for (s = start; s < pos && (v[s] == ' ' || v[s] == '\t'); s++)
			continue;
		for (e = pos; e > s && (v[e - 1] == ' ' || v[e - 1] == '\t');
		    e--)
			continue;
		if (forwarded_addr(v + s, e - s, &af, addr) != 0)
			return -1;
		if (!forwarded_in(cs, ncs, af, addr)) {
			if (inet_ntop(af, addr, ip, sizeof(ip)) == NULL)
				return -1;
			snprintf(out, outlen, af == AF_INET6 ? "[%s]" : "%s",
			    ip);
			return 1;
		}
		if (start == 0)
			return 0;
		pos = start - 1;	/* the comma before this element */
	}
}

/* forwarded_walk() for one value: true with out set, else false. */
bool
forwarded_client(const char *v, size_t n, const struct cidr *cs, size_t ncs,
    char *out, size_t outlen)
{
	return forwarded_walk(v, n, cs, ncs, out, outlen) == 1;
}

/*
 * When the peer is trusted and sent X-Forwarded-For, name the client by
 * it: c->via keeps the proxy.  Several X-Forwarded-For lines are one list
 * (RFC 9110 §5.3), walked from the last line's last element: HAProxy's
 * "option forwardfor" adds a line of its own rather than appending to the
 * client's, so behind two trusted proxies the client is on an earlier
 * line than the last.  Called per request: a kept-alive proxy connection
 * carries several clients, so each request starts again from the peer
 * and via it came with.
 */
void
forwarded_apply(struct conn *c)
{
	const struct http_req *r = &c->req;
	const struct http_hdr *h;
	char		 client[64];
	size_t		 i;
	bool		 any = false;
	int		 r2 = 0;

	if (!c->saved0) {
		memcpy(c->peer0, c->peer, sizeof(c->peer0));
		memcpy(c->via0, c->via, sizeof(c->via0));
		c->saved0 = true;
	} else {
		memcpy(c->peer, c->peer0, sizeof(c->peer));
		memcpy(c->via, c->via0, sizeof(c->via));
	}
	if (cfg.ntrusted == 0 || !forwarded_trusted(cfg.trusted, cfg.ntrusted,
	    c->peer))
		return;
	for (i = r->nhdr; i-- > 0 && r2 == 0;) {
		h = &r->hdr[i];
		if (h->name.len != 15 || strncasecmp((const char *)r->base +
		    h->name.off, "X-Forwarded-For", 15) != 0)
			continue;
		any = true;
		r2 = forwarded_walk((const char *)r->base + h->value.off,
		    h->value.len, cfg.trusted, cfg.ntrusted, client,
		    sizeof(client));
	}
	if (!any)
		return;
	if (r2 != 1) {
		log_info("%s: X-Forwarded-For names no untrusted address; "
		    "keeping the peer", c->peer);
		return;
	}
	snprintf(c->via, sizeof(c->via), "%s", c->peer);
	snprintf(c->peer, sizeof(c->peer), "%s", client);
	log_info("%s: X-Forwarded-For from %s", c->peer, c->via);
}
