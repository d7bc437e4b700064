/*
 * web_date.h: HTTP-date (RFC 9110 §5.6.7) to and from time_t.
 */
#ifndef WEB_DATE_H
#define WEB_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#define WEB_DATE_LEN	30	/* "Sun, 06 Nov 1994 08:49:37 GMT" + NUL */

void	 web_date_format(time_t, char [WEB_DATE_LEN]);
bool	 web_date_parse(const char *, size_t, time_t *);

#endif
