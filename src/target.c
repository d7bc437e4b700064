/*
 * target.c: parse a TARGET string and open it.  The opening itself is per
 * kind in target_tcp.c, target_unix.c and target_exec.c; `echo` has no
 * backend: ws.c answers each message itself; a URL is passthrough.c's.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "target.h"
#include "target_url.h"
#include "wsinetd.h"

/* "HOST:PORT", HOST may be "[v6]"; PORT 1-65535, digits only. */
int
target_parse_hostport(const char *s, struct target *t)
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

static int	 target_parse_exec(const char *, struct target *);

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
		return target_parse_hostport(spec + 4, t);
	}
	if (strncmp(spec, "exec:", 5) == 0)
		return target_parse_exec(spec + 5, t);
	if (strstr(spec, "://") != NULL) {
		t->kind = TARGET_URL;
		return target_url_parse(spec, t);
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
 * "exec:PROGRAM ARG..." inside a --route or a --config line: split on
 * spaces and tabs (no quoting; a wrapper script takes anything harder).
 */
static int
target_parse_exec(const char *s, struct target *t)
{
	char	*copy, *tok, *save = NULL;
	size_t	 n = 0;

	t->kind = TARGET_EXEC;
	s += strspn(s, " \t");		/* argv[0] is then the copy itself */
	if ((copy = strdup(s)) == NULL ||
	    (t->argv = calloc(TARGET_ARGS_MAX + 1, sizeof(char *))) == NULL) {
		free(copy);
		return -ENOMEM;
	}
	t->argv[0] = copy;		/* so target_free() finds it */
	for (tok = strtok_r(copy, " \t", &save); tok != NULL;
	    tok = strtok_r(NULL, " \t", &save)) {
		if (n == TARGET_ARGS_MAX)
			break;
		t->argv[n++] = tok;
	}
	if (n > 0 && tok == NULL)
		return 0;
	target_free(t);
	return n == 0 ? -EINVAL : -E2BIG;
}

/*
 * The command line's TARGET: one word, except that everything after an
 * exec:PROGRAM word is that program's arguments (DESIGN.md).
 */
int
target_parse_argv(char **argv, struct target *t)
{
	size_t	 n;

	if (strncmp(argv[0], "exec:", 5) != 0)
		return argv[1] == NULL ? target_parse(argv[0], t) : -E2BIG;
	memset(t, 0, sizeof(*t));
	t->fd = -1;
	t->kind = TARGET_EXEC;
	t->spec = argv[0];
	for (n = 0; argv[n] != NULL; n++)
		;
	if (argv[0][5] == '\0' || n > TARGET_ARGS_MAX)
		return -EINVAL;
	if ((t->argv = calloc(n + 1, sizeof(char *))) == NULL)
		return -ENOMEM;
	t->argv[0] = argv[0] + 5;
	memcpy(t->argv + 1, argv + 1, (n - 1) * sizeof(char *));
	return 0;
}

/* Free what target_parse() allocated for an exec: target made by it. */
void
target_free(struct target *t)
{
	if (t->kind == TARGET_EXEC && t->argv != NULL) {
		free(t->argv[0]);	/* the split copy starts there */
		free(t->argv);
		t->argv = NULL;
	}
}

/* For usage errors: what a TARGET may be. */
const char *
target_kinds(void)
{
	return "tcp:HOST:PORT, unix:PATH, exec:PROGRAM [ARG...], echo, "
	    "ws://, wss://, http:// or https://HOST[:PORT][/PATH]";
}

/*
 * Open the backend before the upgrade is answered.  Returns 0, or the HTTP
 * status the client gets: 502 when the backend refuses, is unreachable or
 * cannot run, 504 when deadline passes first.
 */
int
target_open(struct conn *c, int64_t deadline)
{
	struct target	*t = &c->target;

	switch (t->kind) {
	case TARGET_TCP:
		return target_tcp_open(t, c->peer, deadline);
	case TARGET_UNIX:
		return target_unix_open(t, c->peer, deadline);
	case TARGET_EXEC:
		return target_exec_open(c, deadline);
	default:
		return 0;
	}
}

void
target_close(struct target *t)
{
	if (t->kind == TARGET_EXEC)
		target_exec_close(t);	/* its stdin, stderr and process */
	if (t->fd != -1) {
		close(t->fd);
		t->fd = -1;
	}
}
