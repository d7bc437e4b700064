/*
 * web_path.h: a request target -> a path relative to --web DIR, decoded
 * and checked, and back again for a redirect's Location.
 */
#ifndef WEB_PATH_H
#define WEB_PATH_H

#include <stdbool.h>
#include <stddef.h>

#define WEB_PATH_MAX	1024	/* decoded path bytes; longer -> 414 */

struct web_path {
	/*
	 * Relative to DIR: "" for DIR itself, else segments joined by '/'
	 * with no leading or trailing '/' and no empty, "." or ".." segment.
	 * Never holds NUL, '\\' or a control byte.
	 */
	char	 rel[WEB_PATH_MAX];
	bool	 slash;		/* the path named a directory ("/a/", "/") */
	size_t	 query_off;	/* the '?' in the target, or its length */
};

int	 web_path_decode(const char *, size_t, struct web_path *);
bool	 web_path_hidden(const struct web_path *);
int	 web_path_location(const struct web_path *, const char *, size_t,
	    char *, size_t);

#endif
