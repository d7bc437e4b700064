/*
 * token.c: websockify's token file.  ?token=NAME in the request names a
 * line "NAME: HOST:PORT" of the file, which is read on every connection so
 * an edit applies to the next one (noVNC setups move over unchanged).
 * Blank lines and lines starting with '#' are ignored.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "text.h"
#include "route.h"

#define TOKEN_LINE_MAX	1024		/* longer lines: an error, logged */

/*
 * The value of the token= query parameter of target into out; false when
 * there is none, it is empty or too long.  Percent escapes are not
 * decoded: tokens are plain words in websockify's files.
 */
bool
token_from_query(const char *target, char *out, size_t outsize)
{
	const char	*q = strchr(target, '?'), *v;
	size_t		 len;

	for (; q != NULL; q = strchr(q + 1, '&')) {
		if (strncmp(q + 1, "token=", 6) != 0)
			continue;
		v = q + 7;
		len = strcspn(v, "&#");
		if (len == 0 || len >= outsize)
			return false;
		memcpy(out, v, len);
		out[len] = '\0';
		return true;
	}
	return false;
}

/*
 * Look token up in file; on a match write "tcp:HOST:PORT" into spec.
 * Returns 0, 404 for an unknown token, or 500 when the file cannot be
 * read (after privileges were dropped: it must be readable by --user).
 */
int
token_lookup(const char *file, const char *token, char *spec,
    size_t specsize, const char *peer)
{
	char	 line[TOKEN_LINE_MAX], *name, *colon;
	unsigned lineno = 0;
	FILE	*f;
	int	 n;

	if ((f = fopen(file, "re")) == NULL) {
		log_warnx("%s: token file %s: %s (it is read per connection, "
		    "as the user wsinetd runs as), answered 500", peer, file,
		    strerror(errno));
		return 500;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		lineno++;
		if (strchr(line, '\n') == NULL && !feof(f)) {
			log_warnx("%s: token file %s:%u: line longer than %d "
			    "bytes, skipped", peer, file, lineno,
			    TOKEN_LINE_MAX - 1);
			while (fgets(line, sizeof(line), f) != NULL &&
			    strchr(line, '\n') == NULL)
				;
			continue;
		}
		name = text_trim(line);
		if (*name == '\0' || *name == '#')
			continue;
		if ((colon = strchr(name, ':')) == NULL) {
			log_warnx("%s: token file %s:%u: no ':' (want "
			    "NAME: HOST:PORT), skipped", peer, file, lineno);
			continue;
		}
		*colon = '\0';
		if (strcmp(text_trim(name), token) != 0)
			continue;
		fclose(f);
		n = snprintf(spec, specsize, "tcp:%s", text_trim(colon + 1));
		if (n < 0 || (size_t)n >= specsize) {
			log_warnx("%s: token file %s:%u: target of token %s "
			    "is over %zu bytes, answered 500", peer, file,
			    lineno, token, specsize - 5);
			return 500;
		}
		return 0;
	}
	if (ferror(f))
		log_warnx("%s: token file %s: read error", peer, file);
	fclose(f);
	log_warnx("%s: token %s is not in %s, answered 404", peer, token,
	    file);
	return 404;
}
