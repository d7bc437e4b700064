/*
 * proctitle.c: rewrite the process title in place, as ps(1) and
 * systemctl status read it from /proc/PID/cmdline.
 *
 * The kernel shows the bytes of the original argument area (and, when its
 * last byte is no longer NUL, on into the environment area up to the
 * first NUL).  proctitle_init(), called first thing in main(), copies
 * every argument and environment string to the heap and points argv[] and
 * environ at the copies, so nothing (cfg, getopt, getenv) refers to the
 * old area any more; the contiguous run of argument strings, and of the
 * environment strings right after them, then becomes the title space.
 * proctitle_set() writes there and NUL-fills the rest, never past it: a
 * title that does not fit is cut.  Nothing is done when the area is not
 * laid out as the kernel lays it out (no space is assumed).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proctitle.h"
#include "wsinetd.h"

extern char	**environ;

/*
 * Copy argv and environ away and note the title space in cfg (the one
 * global; cfg.proctitle_len stays 0 when there is none).
 */
void
proctitle_init(int argc, char **argv)
{
	char	*start, *end, **env, *copy;
	size_t	 n, i, total = 0, len;
	int	 a, nargs;

	if (argc < 1 || argv[0] == NULL)
		return;
	start = end = argv[0];
	for (a = 0; a < argc && argv[a] != NULL; a++) {
		if (argv[a] == end)	/* contiguous, as the kernel lays it */
			end = argv[a] + strlen(argv[a]) + 1;
		total += strlen(argv[a]) + 1;
	}
	nargs = a;
	for (n = 0; environ != NULL && environ[n] != NULL; n++) {
		if (environ[n] == end)
			end = environ[n] + strlen(environ[n]) + 1;
		total += strlen(environ[n]) + 1;
	}
	/* One block for every string, kept in cfg: unsetenv() drops
	 * pointers from environ, and nothing here may look leaked. */
	if ((env = calloc(n + 1, sizeof(*env))) == NULL ||
	    (copy = malloc(total)) == NULL) {
		free(env);
		return;			/* nothing was changed */
	}
	cfg.proctitle_copy = copy;
	for (a = 0; a < nargs; a++) {
		len = strlen(argv[a]) + 1;
		argv[a] = memcpy(copy, argv[a], len);
		copy += len;
	}
	for (i = 0; i < n; i++) {
		len = strlen(environ[i]) + 1;
		env[i] = memcpy(copy, environ[i], len);
		copy += len;
	}
	environ = env;
	cfg.proctitle = start;
	cfg.proctitle_len = (size_t)(end - start);
}

/* "wsinetd: 127.0.0.1:41234 -> tcp:127.0.0.1:5900", cut to fit. */
void
proctitle_set(const char *fmt, ...)
{
	va_list	 ap;
	size_t	 len = cfg.proctitle_len;
	int	 n;

	if (len < 2)
		return;
	va_start(ap, fmt);
	n = vsnprintf(cfg.proctitle, len, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	if ((size_t)n >= len)
		n = (int)len - 1;
	memset(cfg.proctitle + n, '\0', len - (size_t)n);
}
