/*
 * t_forwarded.c: --trust-forwarded CIDRs and the rightmost-untrusted
 * choice in X-Forwarded-For.
 */
#include <string.h>

#include "check.h"
#include "forwarded.h"

static struct cidr cs[4];

static const char *
client(const char *xff)
{
	static char	 out[64];

	if (!forwarded_client(xff, strlen(xff), cs, 2, out, sizeof(out)))
		return "-";
	return out;
}

int
main(void)
{
	struct cidr	 c;

	check(forwarded_cidr_parse("10.0.0.0/8", &cs[0]) == 0);
	check(forwarded_cidr_parse("2001:db8::/32", &cs[1]) == 0);
	check(forwarded_cidr_parse("127.0.0.1", &c) == 0 && c.bits == 32);
	check(forwarded_cidr_parse("::1", &c) == 0 && c.bits == 128);
	check(forwarded_cidr_parse("0.0.0.0/0", &c) == 0 && c.bits == 0);
	check(forwarded_cidr_parse("10.0.0.0/33", &c) == -1);
	check(forwarded_cidr_parse("10.0.0.0/", &c) == -1);
	check(forwarded_cidr_parse("10.0.0.0/+8", &c) == -1);
	check(forwarded_cidr_parse("10.0.0/8", &c) == -1);
	check(forwarded_cidr_parse("example.org/8", &c) == -1);
	check(forwarded_cidr_parse("::/129", &c) == -1);

	check(forwarded_trusted(cs, 2, "10.1.2.3:5000"));
	check(!forwarded_trusted(cs, 2, "11.1.2.3:5000"));
	check(forwarded_trusted(cs, 2, "[2001:db8::5]:80"));
	check(!forwarded_trusted(cs, 2, "[2001:db9::5]:80"));
	check(!forwarded_trusted(cs, 2, "unix"));
	check(forwarded_trusted(cs, 2, "[::ffff:10.0.0.1]:1"));
	check(forwarded_cidr_parse("192.168.4.0/22", &c) == 0);
	check(forwarded_trusted(&c, 1, "192.168.7.255:1"));
	check(!forwarded_trusted(&c, 1, "192.168.8.0:1"));

	check(strcmp(client("198.51.100.1"), "198.51.100.1") == 0);
	check(strcmp(client("198.51.100.1, 10.0.0.2"), "198.51.100.1") == 0);
	check(strcmp(client("1.1.1.1, 198.51.100.1 ,10.0.0.2"),
	    "198.51.100.1") == 0);
	check(strcmp(client("2001:db9::1,2001:db8::1"), "[2001:db9::1]") == 0);
	check(strcmp(client("[2001:db9::1]"), "[2001:db9::1]") == 0);
	check(strcmp(client("10.0.0.1, 10.0.0.2"), "-") == 0);
	check(strcmp(client("unknown, 10.0.0.2"), "-") == 0);
	check(strcmp(client("1.1.1.1, garbage"), "-") == 0);
	check(strcmp(client(""), "-") == 0);
	check(strcmp(client(","), "-") == 0);
	check(strcmp(client("1.1.1.1:80"), "-") == 0);
	return check_summary("t_forwarded");
}
