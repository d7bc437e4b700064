/*
 * target_url.c: parse "SCHEME://HOST[:PORT][/PATH]" for passthrough.
 * The port defaults to the scheme's (80 for ws/http, 443 for wss/https:
 * EasyTier broke proxies by defaulting to others), HOST may be a
 * bracketed IPv6 literal, and a literal is marked so that the TLS client
 * sends no SNI for it (RFC 6066 §3).  No user info: a password in a
 * command line is a leak.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "target.h"
#include "target_url.h"

static const struct {
	const char	*name;
	enum url_scheme	 scheme;
	bool		 tls;
	const char	*port;
} target_url_schemes[] = {
	{ "ws",		URL_WS,		false,	"80" },
	{ "wss",	URL_WSS,	true,	"443" },
	{ "http",	URL_HTTP,	false,	"80" },
	{ "https",	URL_HTTPS,	true,	"443" },
};

static bool
target_url_name_ok(const char *h)
{
	for (; *h; h++)
		if (!((*h >= 'a' && *h <= 'z') || (*h >= 'A' && *h <= 'Z') ||
		    (*h >= '0' && *h <= '9') || *h == '-' || *h == '.' ||
		    *h == '_'))
			return false;
	return true;
}

/* Returns 0 with t's URL fields filled in, or -EINVAL. */
int
target_url_parse(const char *spec, struct target *t)
{
	const char	*sep = strstr(spec, "://"), *auth, *end, *dflt = NULL;
	char		 hp[TARGET_HOST_MAX + 8];
	unsigned char	 addr[16];
	size_t		 i, alen;
	bool		 v6;

	for (i = 0; i < sizeof(target_url_schemes) /
	    sizeof(target_url_schemes[0]); i++) {
		if (strlen(target_url_schemes[i].name) ==
		    (size_t)(sep - spec) && strncasecmp(spec,
		    target_url_schemes[i].name, (size_t)(sep - spec)) == 0) {
			t->scheme = target_url_schemes[i].scheme;
			t->url_tls = target_url_schemes[i].tls;
			dflt = target_url_schemes[i].port;
		}
	}
	if (dflt == NULL)
		return -EINVAL;
	auth = sep + 3;
	end = auth + strcspn(auth, "/?#");
	alen = (size_t)(end - auth);
	if (alen == 0 || alen >= sizeof(hp) || memchr(auth, '@', alen) ||
	    *end == '#' || strchr(end, '#') != NULL)
		return -EINVAL;
	memcpy(hp, auth, alen);
	hp[alen] = '\0';
	v6 = hp[0] == '[';
	/* With a port, reuse tcp:'s parser; without, add the default. */
	if ((v6 && strstr(hp, "]:") == NULL) || (!v6 && !strchr(hp, ':'))) {
		if (alen + 1 + strlen(dflt) >= sizeof(hp))
			return -EINVAL;
		strcat(hp, ":");
		strcat(hp, dflt);
	}
	if (target_parse_hostport(hp, t) != 0)
		return -EINVAL;
	if (v6) {
		if (inet_pton(AF_INET6, t->host, addr) != 1)
			return -EINVAL;
		t->host_is_ip = true;
	} else {
		if (!target_url_name_ok(t->host))
			return -EINVAL;
		t->host_is_ip = inet_pton(AF_INET, t->host, addr) == 1;
	}
	snprintf(t->hostport, sizeof(t->hostport), "%s%s%s%s%s",
	    v6 ? "[" : "", t->host, v6 ? "]" : "",
	    strcmp(t->port, dflt) ? ":" : "",
	    strcmp(t->port, dflt) ? t->port : "");
	if (strlen(end) + 2 > sizeof(t->url_path))
		return -EINVAL;
	for (i = 0; end[i] != '\0'; i++)	/* it goes into a request line */
		if ((unsigned char)end[i] <= 0x20 ||
		    (unsigned char)end[i] >= 0x7f)
			return -EINVAL;
	snprintf(t->url_path, sizeof(t->url_path), "%s%s",
	    *end == '/' ? "" : "/", end);
	return 0;
}
