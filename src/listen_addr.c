/*
 * listen_addr.c: the --listen spec, bytes in, struct listen_addr out; no
 * I/O (listen.c resolves a host name and binds).  The forms:
 *
 *   PORT, :PORT        every address of both families (listen.c: one IPv6
 *                      socket with IPV6_V6ONLY off, IPv4 if IPv6 is off)
 *   ADDR:PORT          an IPv4 address or a host name
 *   [ADDR]:PORT        an IPv6 literal, optionally %ZONE: IPv6 only
 *   unix:PATH          a unix stream socket file
 *   unix:@NAME         the abstract namespace (no file)
 *
 * A port is 1 to 5 decimal digits, 1-65535: no sign, no name, no 0 (which
 * would bind a random port nobody could find).  Anything else is refused
 * with a reason for the usage error, which names the spec.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include "listen_addr.h"

/* s[0..len) as a port; -1 unless 1-65535 in plain digits. */
static long
listen_addr_port(const char *s, size_t len)
{
	long	 v = 0;
	size_t	 i;

	if (len == 0 || len > 5)
		return -1;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v >= 1 && v <= 65535 ? v : -1;
}

/* A host name or IPv4 address: letters, digits, '-', '.', '_'. */
static bool
listen_addr_hostname(const char *s, size_t len)
{
	size_t	 i;

	if (len == 0 || len >= LISTEN_HOST_MAX)
		return false;
	for (i = 0; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '-' ||
		    s[i] == '.' || s[i] == '_'))
			return false;
	return true;
}

/* An IPv6 literal, optionally followed by %ZONE (an interface name). */
static bool
listen_addr_v6(const char *s, size_t len)
{
	char		 lit[INET6_ADDRSTRLEN];
	struct in6_addr	 a;
	const char	*pct = memchr(s, '%', len);
	size_t		 n = pct ? (size_t)(pct - s) : len;

	if (n == 0 || n >= sizeof(lit))
		return false;
	memcpy(lit, s, n);
	lit[n] = '\0';
	if (inet_pton(AF_INET6, lit, &a) != 1)
		return false;
	return pct == NULL || listen_addr_hostname(pct + 1, len - n - 1);
}

static int
listen_addr_unix(const char *path, struct listen_addr *a, const char **why)
{
	size_t	 len = strlen(path);

	a->kind = LISTEN_UNIX;
	a->abstract = path[0] == '@';
	if (a->abstract) {
		path++;
		len--;
	}
	if (len == 0) {
		*why = "unix: needs a path (unix:/run/wsinetd.sock) or "
		    "@NAME";
		return -EINVAL;
	}
	if (len >= sizeof(a->path)) {
		*why = "the unix socket path is longer than the 107 bytes a "
		    "socket address holds";
		return -ENAMETOOLONG;
	}
	memcpy(a->path, path, len + 1);
	return 0;
}

/*
 * Parse spec into a.  Returns 0, or -EINVAL (or -ENAMETOOLONG) with a
 * sentence in *why that the caller prints after the spec.
 */
int
listen_addr_parse(const char *spec, struct listen_addr *a, const char **why)
{
	const char	*colon, *host = spec, *port;
	size_t		 hlen;
	long		 p;

	memset(a, 0, sizeof(*a));
	*why = "want PORT, :PORT, ADDR:PORT, [IPv6]:PORT or unix:PATH";
	if (strncmp(spec, "unix:", 5) == 0)
		return listen_addr_unix(spec + 5, a, why);
	if (spec[0] == '[') {
		if ((colon = strchr(spec, ']')) == NULL || colon[1] != ':')
			return -EINVAL;
		host = spec + 1;
		hlen = (size_t)(colon - host);
		port = colon + 2;
		if (hlen >= LISTEN_HOST_MAX || !listen_addr_v6(host, hlen)) {
			*why = "the address in brackets is not an IPv6 address";
			return -EINVAL;
		}
		a->bracketed = true;
	} else if ((colon = strrchr(spec, ':')) == NULL) {
		hlen = 0;			/* PORT */
		port = spec;
		if (spec[strspn(spec, "0123456789")] != '\0')
			return -EINVAL;		/* a bare address or name */
	} else {
		hlen = (size_t)(colon - spec);
		port = colon + 1;
		if (memchr(spec, ':', hlen) != NULL) {
			*why = "write an IPv6 address in brackets, as in "
			    "[::1]:8080";
			return -EINVAL;
		}
		if (hlen != 0 && !listen_addr_hostname(spec, hlen))
			return -EINVAL;
	}
	if (*port == '\0')
		return -EINVAL;
	if ((p = listen_addr_port(port, strlen(port))) < 0) {
		*why = "the port must be a number from 1 to 65535";
		return -EINVAL;
	}
	a->port = (uint16_t)p;
	a->kind = hlen == 0 ? LISTEN_ANY : LISTEN_HOST;
	memcpy(a->host, host, hlen);
	a->host[hlen] = '\0';
	return 0;
}
