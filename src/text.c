/*
 * text.c: helpers for the line-oriented files wsinetd reads (--config,
 * --token-file).
 */
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
