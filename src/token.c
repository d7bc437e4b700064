/*
 * token.c: websockify's token file.  ?token=NAME in the request names a
 * line "NAME: HOST:PORT" of the file, which is read on every connection so
 * an edit applies to the next one (noVNC setups move over unchanged).
 * Blank lines and lines starting with '#' are ignored.  NAME ends at the
 * first ':' followed by a blank (websockify splits at ": "), else at the
 * first ':'.  As with websockify's --token-source, the path may also be a
 * directory of such files (one per desktop, say): its regular files are
 * read in name order, dot files and symbolic links skipped, and the first
 * match wins.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* The ':' that ends a line's NAME, or NULL. */
static char *
token_colon(char *line)
{
	char	*c;

	for (c = strchr(line, ':'); c != NULL; c = strchr(c + 1, ':'))
		if (c[1] == ' ' || c[1] == '\t')
			return c;
	return strchr(line, ':');
}

/*
 * Look token up in the open stream f (named file); on a match write
 * "tcp:HOST:PORT" into spec.  Returns 0, 404 when it is not there, or 500.
 */
static int
token_scan(FILE *f, const char *file, const char *token, char *spec,
    size_t specsize, const char *peer)
{
	char	 line[TOKEN_LINE_MAX], *name, *colon;
	unsigned lineno = 0;
	int	 n, got;

	while ((got = text_line(f, line, sizeof(line))) != 0) {
		lineno++;
		if (got < 0) {
			log_warnx("%s: token file %s:%u: line longer than %d "
			    "bytes, skipped", peer, file, lineno,
			    TOKEN_LINE_MAX - 1);
			continue;
		}
		name = text_trim(line);
		if (*name == '\0' || *name == '#')
			continue;
		if ((colon = token_colon(name)) == NULL) {
			log_warnx("%s: token file %s:%u: no ':' (want "
			    "NAME: HOST:PORT), skipped", peer, file, lineno);
			continue;
		}
		*colon = '\0';
		if (strcmp(text_trim(name), token) != 0)
			continue;
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
	return 404;
}

/* A directory's entries worth reading: not "." or "..", no dot files. */
static int
token_visible(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

/* One entry of directory dfd: scanned when it is a regular file. */
static int
token_scan_entry(int dfd, const char *dir, const char *name,
    const char *token, char *spec, size_t specsize, const char *peer)
{
	struct stat	 st;
	char		 path[4096];
	FILE		*f;
	int		 fd, status;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	/* O_NONBLOCK: a FIFO left in the directory must not hang us.
	 * O_NOFOLLOW: a symbolic link could point anywhere the user may
	 * read (/etc/passwd has "NAME:" lines); the files must be DIR's. */
	if ((fd = openat(dfd, name, O_RDONLY | O_CLOEXEC | O_NOCTTY |
	    O_NONBLOCK | O_NOFOLLOW)) == -1) {
		log_warnx("%s: token file %s: %s, skipped", peer, path,
		    errno == ELOOP ? "a symbolic link (only the directory's "
		    "own regular files are read)" : strerror(errno));
		return 404;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    (f = fdopen(fd, "r")) == NULL) {
		close(fd);			/* not a file: skipped */
		return 404;
	}
	status = token_scan(f, path, token, spec, specsize, peer);
	fclose(f);
	return status;
}

/*
 * The regular files of directory dfd (named dir), in name order, until one
 * has the token.  An unreadable file is logged and skipped.
 */
static int
token_scan_dir(int dfd, const char *dir, const char *token, char *spec,
    size_t specsize, const char *peer)
{
	struct dirent	**names;
	int		 n, i, status = 404;

	if ((n = scandirat(dfd, ".", &names, token_visible, alphasort)) ==
	    -1) {
		log_warnx("%s: token directory %s: %s, answered 500", peer,
		    dir, strerror(errno));
		return 500;
	}
	for (i = 0; i < n; i++) {
		if (status == 404)
			status = token_scan_entry(dfd, dir, names[i]->d_name,
			    token, spec, specsize, peer);
		free(names[i]);
	}
	free(names);
	return status;
}

/*
 * Look token up in path, a token file or a directory of them; on a match
 * write "tcp:HOST:PORT" into spec.  Returns 0, 404 for an unknown token,
 * or 500 when it cannot be read (after privileges were dropped: it must be
 * readable by --user).
 */
int
token_lookup(const char *path, const char *token, char *spec,
    size_t specsize, const char *peer)
{
	struct stat	 st;
	FILE		*f;
	int		 fd, status;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)) == -1 ||
	    fstat(fd, &st) == -1) {
		log_warnx("%s: token file %s: %s (it is read per connection, "
		    "as the user wsinetd runs as), answered 500", peer, path,
		    strerror(errno));
		if (fd != -1)
			close(fd);
		return 500;
	}
	if (S_ISDIR(st.st_mode)) {
		status = token_scan_dir(fd, path, token, spec, specsize, peer);
		close(fd);
	} else if ((f = fdopen(fd, "r")) == NULL) {
		log_warn("%s: token file %s", peer, path);
		close(fd);
		return 500;
	} else {
		status = token_scan(f, path, token, spec, specsize, peer);
		fclose(f);
	}
	if (status == 404)
		log_warnx("%s: token %s is not in %s, answered 404", peer,
		    token, path);
	return status;
}
