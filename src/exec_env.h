/*
 * exec_env.h: the CGI-style environment an exec: program gets, built from
 * the connection alone (websocketd's names, plus stunnel's and s6-tlsd's
 * for TLS).  Nothing of wsinetd's own environment goes in but PATH.
 */
#ifndef EXEC_ENV_H
#define EXEC_ENV_H

#include <stdbool.h>
#include <stddef.h>

#include "http.h"

#define EXEC_ENV_MAX	65536		/* bytes of NAME=VALUE strings */
#define EXEC_ENV_VARS	(MAX_HEADERS + 32)	/* variables, headers included */
#define EXEC_DEFAULT_PATH "/usr/local/bin:/usr/bin:/bin"

struct conn;

struct exec_env {
	char	*vars[EXEC_ENV_VARS + 1];	/* NULL-terminated: envp */
	size_t	 n;
	size_t	 used;				/* bytes of buf */
	char	 buf[EXEC_ENV_MAX];
};

int	 exec_env_build(struct exec_env *, const struct conn *, const char *,
	    const char *);
const char *exec_env_get(const struct exec_env *, const char *);
bool	 exec_env_name_ok(const char *);
bool	 exec_env_passed(const char *);
int	 exec_env_passenv_own(char **, size_t);

#endif
