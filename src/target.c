/*
 * target.c: parse a TARGET string and open it.  The opening itself is per
 * kind in target_tcp.c and target_unix.c; `echo` has no backend: ws.c
 * answers each message itself.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "target.h"

/* "tcp:HOST:PORT", HOST may be "[v6]"; PORT 1-65535, digits only. */
static int
target_parse_tcp(const char *s, struct target *t)
{
	const char	*colon, *host = s;
	size_t		 hlen, plen, i;
	unsigned long	 port = 0;

	if (*s == '[') {
		const char *close = strchr(s, ']');

		if (close == NULL || close[1] != ':')
			return -EINVAL;
		host = s + 1;
		hlen = (size_t)(close - host);
		colon = close + 1;
	} else {
		if ((colon = strrchr(s, ':')) == NULL)
			return -EINVAL;
		hlen = (size_t)(colon - s);
		if (memchr(s, ':', hlen) != NULL)
			return -EINVAL;	/* IPv6 needs brackets */
	}
	plen = strlen(colon + 1);
	if (hlen == 0 || hlen >= sizeof(t->host) || plen == 0 || plen > 5)
		return -EINVAL;
	for (i = 0; i < plen; i++) {
		if (colon[1 + i] < '0' || colon[1 + i] > '9')
			return -EINVAL;
		port = port * 10 + (unsigned long)(colon[1 + i] - '0');
	}
	if (port == 0 || port > 65535)
		return -EINVAL;
	memcpy(t->host, host, hlen);
	t->host[hlen] = '\0';
	snprintf(t->port, sizeof(t->port), "%lu", port);
	return 0;
}

/* Returns 0 with t filled in (t->fd = -1), or -EINVAL. */
int
target_parse(const char *spec, struct target *t)
{
	memset(t, 0, sizeof(*t));
	t->fd = -1;
	t->spec = spec;
	if (strcmp(spec, "echo") == 0) {
		t->kind = TARGET_ECHO;
		return 0;
	}
	if (strncmp(spec, "tcp:", 4) == 0) {
		t->kind = TARGET_TCP;
		return target_parse_tcp(spec + 4, t);
	}
	if (strncmp(spec, "unix:", 5) == 0) {
		t->kind = TARGET_UNIX;
		t->pathlen = strlen(spec + 5);
		if (t->pathlen == 0 || t->pathlen >= sizeof(t->path) ||
		    strcmp(spec + 5, "@") == 0)
			return -EINVAL;
		memcpy(t->path, spec + 5, t->pathlen + 1);
		return 0;
	}
	return -EINVAL;
}

/*
 * Open the backend before the upgrade is answered.  peer names the client
 * in log lines.  Returns 0, or the HTTP status the client gets: 502 when
 * the backend refuses or is unreachable, 504 when deadline passes first.
 */
int
target_open(struct target *t, const char *peer, int64_t deadline)
{
	switch (t->kind) {
	case TARGET_TCP:
		return target_tcp_open(t, peer, deadline);
	case TARGET_UNIX:
		return target_unix_open(t, peer, deadline);
	default:
		return 0;
	}
}

void
target_close(struct target *t)
{
	if (t->fd != -1) {
		close(t->fd);
		t->fd = -1;
	}
}
