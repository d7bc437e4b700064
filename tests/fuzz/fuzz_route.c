/*
 * fuzz_route.c: what a client controls in routing, on any bytes: the Host
 * value and the request target.  Input: HOST '\n' TARGET.  Beyond not
 * crashing: a normalised host has no upper case; the backend's path
 * starts with '/' and is the target's tail; a token is non-empty and has
 * no '&'.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "route.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct route_table fuzz_table;

static void
fuzz_routes(void)
{
	static const char *const specs[] = {
		"/=echo", "/vnc=echo", "/vnc/deep=echo", "/_et/=echo",
		"a.example/=echo", "[::1]/x=echo",
	};
	size_t	 i;

	for (i = 0; i < sizeof(specs) / sizeof(specs[0]); i++)
		if (route_parse(specs[i], &fuzz_table.r[fuzz_table.n++]) != 0)
			abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char		 in[1024], host[ROUTE_HOST_MAX], rest[1100], tok[64];
	const struct route *r;
	char		*target, *p;
	size_t		 i, tlen;

	if (fuzz_table.n == 0)
		fuzz_routes();
	if (size >= sizeof(in) || memchr(data, '\0', size) != NULL)
		return 0;
	memcpy(in, data, size);
	in[size] = '\0';
	if ((target = strchr(in, '\n')) == NULL)
		return 0;
	*target++ = '\0';
	if (route_host_norm(in, strlen(in), host, sizeof(host)) != 0)
		host[0] = '\0';
	for (i = 0; host[i]; i++)
		if (host[i] >= 'A' && host[i] <= 'Z')
			abort();
	r = route_match(&fuzz_table, host, target);
	if (r == NULL || !route_rest(r->prefix, target, true, rest,
	    sizeof(rest)))
		return 0;
	tlen = strlen(target);
	if (rest[0] != '/' || strlen(rest) > tlen + 1 ||
	    (strlen(rest) > 1 && (p = strstr(target, rest + 1)) == NULL))
		abort();
	if (token_from_query(target, tok, sizeof(tok)) &&
	    (tok[0] == '\0' || strchr(tok, '&') != NULL))
		abort();
	return 0;
}
