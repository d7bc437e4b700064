/*
 * t_proxy_build.c: the PROXY headers --backend-proxy sends.  The exact
 * bytes of proxy-protocol.txt's own v1 example and of its v2 layout, the
 * family rules (mixed families as IPv6, IPv4-mapped as IPv4, no port from
 * X-Forwarded-For, unknown client), every buffer size short of the header
 * refused, and each header read back by proxy.c's parser, whole and cut
 * at every offset (STYLE.md habit 12).
 */
#include <errno.h>
#include <string.h>

#include "check.h"
#include "proxy.h"
#include "proxy_build.h"

#define SIG "\r\n\r\n\0\r\nQUIT\n"

struct vec {
	int		 version;
	const char	*src, *dst;
	const char	*bytes;		/* what must be sent */
	size_t		 len;
	const char	*peer, *pdst;	/* what proxy.c reads back */
};

#define V(v, s, d, b, p, pd) { v, s, d, b, sizeof(b) - 1, p, pd }

static const struct vec vecs[] = {
	/* proxy-protocol.txt 2.1's example line */
	V(PROXY_SEND_V1, "192.0.2.1:56324", "198.51.100.2:443",
	    "PROXY TCP4 192.0.2.1 198.51.100.2 56324 443\r\n",
	    "192.0.2.1:56324", "198.51.100.2:443"),
	V(PROXY_SEND_V2, "192.0.2.1:56324", "198.51.100.2:443",
	    SIG "\x21\x11\x00\x0c\xc0\x00\x02\x01\xc6\x33\x64\x02\xdc\x04"
	    "\x01\xbb", "192.0.2.1:56324", "198.51.100.2:443"),
	V(PROXY_SEND_V1, "[2001:db8::1]:65535", "[2001:db8::2]:80",
	    "PROXY TCP6 2001:db8::1 2001:db8::2 65535 80\r\n",
	    "[2001:db8::1]:65535", "[2001:db8::2]:80"),
	V(PROXY_SEND_V2, "[::1]:1", "[::1]:80",
	    SIG "\x21\x21\x00\x24" "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x01"
	    "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x01" "\x00\x01\x00\x50",
	    "[::1]:1", "[::1]:80"),
	/* An IPv6 client that reached an IPv4 address: both as IPv6 */
	V(PROXY_SEND_V1, "[2001:db8::1]:4000", "127.0.0.1:8080",
	    "PROXY TCP6 2001:db8::1 ::ffff:127.0.0.1 4000 8080\r\n",
	    "[2001:db8::1]:4000", "[::ffff:127.0.0.1]:8080"),
	/* IPv4-mapped is IPv4 (a dual-stack socket's view) */
	V(PROXY_SEND_V1, "10.1.2.3:5", "[::ffff:10.0.0.1]:443",
	    "PROXY TCP4 10.1.2.3 10.0.0.1 5 443\r\n", "10.1.2.3:5",
	    "10.0.0.1:443"),
	/* From X-Forwarded-For: no port */
	V(PROXY_SEND_V1, "203.0.113.9", "127.0.0.1:80",
	    "PROXY TCP4 203.0.113.9 127.0.0.1 0 80\r\n", "203.0.113.9:0",
	    "127.0.0.1:80"),
	V(PROXY_SEND_V2, "[2001:db8::9]", "[::1]:80",
	    SIG "\x21\x21\x00\x24" "\x20\x01\x0d\xb8\0\0\0\0\0\0\0\0\0\0\0\x09"
	    "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x01" "\x00\x00\x00\x50",
	    "[2001:db8::9]:0", "[::1]:80"),
	/* The address reached unknown: the unspecified one, port 0 */
	V(PROXY_SEND_V1, "192.0.2.1:7", "",
	    "PROXY TCP4 192.0.2.1 0.0.0.0 7 0\r\n", "192.0.2.1:7",
	    "0.0.0.0:0"),
	V(PROXY_SEND_V1, "[2001:db8::1]:7", NULL,
	    "PROXY TCP6 2001:db8::1 :: 7 0\r\n", "[2001:db8::1]:7", "[::]:0"),
	/* No address to name (a unix socket client) */
	V(PROXY_SEND_V1, "unix", "127.0.0.1:80", "PROXY UNKNOWN\r\n", "", ""),
	V(PROXY_SEND_V2, "unknown", NULL, SIG "\x21\x00\x00\x00", "", ""),
	V(PROXY_SEND_V1, "1.2.3.4:99999", NULL, "PROXY UNKNOWN\r\n", "", ""),
	V(PROXY_SEND_V1, "::1:5", NULL, "PROXY UNKNOWN\r\n", "", ""),
};

static void
test_vectors(void)
{
	unsigned char	 out[PROXY_BUILD_MAX];
	struct proxy_info pi;
	const struct vec *t;
	size_t		 i, k, len, hl, bad;

	for (i = 0; i < sizeof(vecs) / sizeof(vecs[0]); i++) {
		t = &vecs[i];
		len = 0;
		check(proxy_build(t->version, t->src, t->dst, out,
		    sizeof(out), &len) == 0);
		check(len == t->len && memcmp(out, t->bytes, len) == 0);
		if (len != t->len || memcmp(out, t->bytes, len) != 0)
			fprintf(stderr, "vector %zu: got %zu bytes: %.*s\n", i,
			    len, (int)len, out);
		/* proxy.c reads back who we named */
		check(proxy_parse(out, len, &pi, &hl) == PROXY_OK &&
		    hl == len);
		check(strcmp(pi.peer, t->peer) == 0);
		check(strcmp(pi.dst, t->pdst) == 0);
		check(pi.local == (t->peer[0] == '\0'));
		for (k = 0, bad = 0; k < len; k++)
			if (proxy_parse(out, k, &pi, &hl) != PROXY_PARTIAL)
				bad++;
		check(bad == 0);
		/* Every buffer too small is refused, never overrun; the
		 * exact size is enough. */
		for (k = 0, bad = 0; k < len; k++)
			if (proxy_build(t->version, t->src, t->dst, out, k,
			    &hl) != -ENOSPC)
				bad++;
		check(bad == 0);
		check(proxy_build(t->version, t->src, t->dst, out, len, &hl) ==
		    0 && hl == len);
	}
}

/* The longest v1 line fits PROXY_BUILD_MAX and the spec's 107 bytes. */
static void
test_longest(void)
{
	unsigned char	 out[PROXY_BUILD_MAX];
	size_t		 len = 0;

	check(proxy_build(PROXY_SEND_V1,
	    "[ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]:65535",
	    "[ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]:65535", out,
	    sizeof(out), &len) == 0);
	check(len == 104 && len <= PROXY_V1_MAX);
}

static void
test_names(void)
{
	check(proxy_version_parse("v1") == PROXY_SEND_V1);
	check(proxy_version_parse("v2") == PROXY_SEND_V2);
	check(proxy_version_parse("off") == PROXY_SEND_OFF);
	check(proxy_version_parse("V2") == -1);
	check(proxy_version_parse("2") == -1);
	check(proxy_version_parse("") == -1);
	check(strcmp(proxy_version_name(PROXY_SEND_DEFAULT), "off") == 0);
	check(proxy_build(PROXY_SEND_OFF, "1.2.3.4:5", NULL,
	    (unsigned char[PROXY_BUILD_MAX]){ 0 }, PROXY_BUILD_MAX,
	    &(size_t){ 0 }) == -EINVAL);
}

int
main(void)
{
	test_vectors();
	test_longest();
	test_names();
	return check_summary("t_proxy_build");
}
