/*
 * fuzz_web_path.c: the --web path decoder (web_path.c) and the HTTP-date
 * parser (web_date.c) on arbitrary bytes.  Whatever the input, a decoded
 * path must be safe to hand to openat2 under DIR: no "..", "." or empty
 * segment, no leading or trailing '/', no NUL, '\\' or control byte; and
 * the 301's Location built from it must decode back to the same path.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mime.h"
#include "web_date.h"
#include "web_path.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_rel(const char *rel)
{
	const char	*s = rel, *e;
	size_t		 n = strlen(rel);

	if (n >= WEB_PATH_MAX)
		abort();
	if (n > 0 && (rel[0] == '/' || rel[n - 1] == '/'))
		abort();
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f || *s == '\\')
			abort();
	for (s = rel; n > 0; s = e + 1) {
		e = strchr(s, '/');
		if (e == NULL)
			e = rel + n;
		if (e == s || (e - s == 1 && s[0] == '.') ||
		    (e - s == 2 && s[0] == '.' && s[1] == '.'))
			abort();
		if (*e == '\0')
			break;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct web_path p, q;
	char		*loc;
	size_t		 locsize = 3 * WEB_PATH_MAX + size + 8;
	const char	*t = (const char *)data;
	time_t		 when;
	int		 st;

	(void)web_date_parse(t, size, &when);
	st = web_path_decode(t, size, &p);
	if (st != 0) {
		if (st != 400 && st != 414)
			abort();
		return 0;
	}
	check_rel(p.rel);
	(void)mime_type(p.rel);
	if (p.query_off > size)
		abort();
	if ((loc = malloc(locsize)) == NULL)
		return 0;
	/* Room for every rel, '%'-encoded, and the whole query. */
	if (web_path_location(&p, t + p.query_off, size - p.query_off, loc,
	    locsize) != 0)
		abort();
	/* The Location names the same directory. */
	if (web_path_decode(loc, strlen(loc), &q) != 0 ||
	    strcmp(p.rel, q.rel) != 0 || !q.slash)
		abort();
	free(loc);
	return 0;
}
