/*
 * text.c: helpers for the line-oriented files wsinetd reads (--config,
 * --token-file, --auth-file).
 */
#include <stdio.h>
#include <string.h>

#include "text.h"

/* Strip leading and trailing blanks and line ends in place; returns the
 * first byte kept. */
char *
text_trim(char *s)
{
	size_t	 n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	    s[n - 1] == '\n' || s[n - 1] == '\r'))
		s[--n] = '\0';
	return s;
}

/*
 * The next line of f into buf (NUL-terminated, its '\n' kept): 1; 0 at
 * the end of the file (or a read error: ferror() tells); -1 for a line of
 * size - 1 bytes or more without its end, which is read to its end and
 * dropped, for the caller to log.
 */
int
text_line(FILE *f, char *buf, size_t size)
{
	if (fgets(buf, (int)size, f) == NULL)
		return 0;
	if (strchr(buf, '\n') != NULL || feof(f))
		return 1;
	while (fgets(buf, (int)size, f) != NULL && strchr(buf, '\n') == NULL)
		;
	return -1;
}
