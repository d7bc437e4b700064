/*
 * fuzz_origin.c: what a browser's request controls in the gate's pure
 * checks, on any bytes: the Origin against the Host (origin.c) and the
 * path's dot segments (route.c).  Input: ORIGIN '\n' HOST '\n' PATH.
 * Beyond not crashing: the verdict on an Origin ignores case; "null",
 * an Origin with a path, user information or another scheme never
 * matches, nor one whose host is not Host's; and route_dot_segment()
 * agrees with a plain reference: decode %2E to '.', turn %2F, %5C, %3B,
 * '\\' and ';' into '/', and look for a ".." segment.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "origin.h"
#include "route.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static bool
ref_dot_segment(const char *t)
{
	char		 d[1100];
	size_t		 n = 0, end = strcspn(t, "?"), i, seg;

	for (i = 0; i < end && n < sizeof(d) - 1; i++) {
		if (t[i] == '%' && i + 2 < end && t[i + 1] == '2' &&
		    (t[i + 2] == 'e' || t[i + 2] == 'E')) {
			d[n++] = '.';
			i += 2;
		} else if (t[i] == '%' && i + 2 < end &&
		    ((t[i + 1] == '2' && (t[i + 2] | 0x20) == 'f') ||
		    (t[i + 1] == '5' && (t[i + 2] | 0x20) == 'c') ||
		    (t[i + 1] == '3' && (t[i + 2] | 0x20) == 'b'))) {
			d[n++] = '/';
			i += 2;
		} else if (t[i] == '\\' || t[i] == ';')
			d[n++] = '/';
		else
			d[n++] = t[i];
	}
	d[n] = '\0';
	for (i = 0; i < n; i++) {
		if (d[i] != '/')
			continue;
		seg = strcspn(d + i + 1, "/");
		if (seg == 2 && d[i + 1] == '.' && d[i + 2] == '.')
			return true;
	}
	return false;
}

/* The host of a host[:port] (an IPv6 literal with its brackets). */
static size_t
host_len(const char *a)
{
	const char	*close;

	if (a[0] == '[' && (close = strchr(a, ']')) != NULL)
		return (size_t)(close - a) + 1;
	return strcspn(a, ":");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char		 in[1024], up[1024], path[1100];
	char		*host, *p;
	const char	*sep;
	size_t		 olen, hlen, i;
	bool		 same;

	if (size >= sizeof(in) || memchr(data, '\0', size) != NULL)
		return 0;
	memcpy(in, data, size);
	in[size] = '\0';
	if ((host = strchr(in, '\n')) == NULL)
		return 0;
	*host++ = '\0';
	if ((p = strchr(host, '\n')) != NULL)
		*p++ = '\0';
	olen = strlen(in);
	hlen = strlen(host);

	same = origin_same(in, olen, host, hlen);
	for (i = 0; i <= size; i++)
		up[i] = (char)toupper((unsigned char)in[i]);
	if (origin_same(up, olen, host, hlen) != same)
		abort();
	if (same) {
		sep = strstr(in, "://");
		if (sep == NULL || strncasecmp(in, "null", 4) == 0 ||
		    strpbrk(sep + 3, "/?#@") != NULL)
			abort();
		if (!(strncasecmp(in, "http://", 7) == 0 ||
		    strncasecmp(in, "https://", 8) == 0 ||
		    strncasecmp(in, "ws://", 5) == 0 ||
		    strncasecmp(in, "wss://", 6) == 0))
			abort();
		/* The host names in both are the same, whatever the case. */
		if (host_len(sep + 3) != host_len(host) ||
		    strncasecmp(sep + 3, host, host_len(host)) != 0)
			abort();
	}

	if (p != NULL) {
		path[0] = '/';
		memcpy(path + 1, p, strlen(p) + 1);
		if (route_dot_segment(path) != ref_dot_segment(path))
			abort();
		/* "%00" anywhere before the query is always refused. */
		if (strstr(path, "%00") != NULL && strstr(path, "%00") <
		    path + strcspn(path, "?") && !route_bad_escape(path))
			abort();
	}
	return 0;
}
