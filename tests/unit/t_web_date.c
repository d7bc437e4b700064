/*
 * t_web_date.c: HTTP-date out (IMF-fixdate) and in (all three RFC 9110
 * §5.6.7 forms, RFC's own example instant), and what is not a date.
 */
#include <string.h>

#include "check.h"
#include "web_date.h"

#define EXAMPLE	784111777	/* Sun, 06 Nov 1994 08:49:37 GMT */

static int
parses(const char *s, time_t want)
{
	time_t	 t = -1;

	return web_date_parse(s, strlen(s), &t) && t == want;
}

static int
refused(const char *s)
{
	time_t	 t;

	return !web_date_parse(s, strlen(s), &t);
}

int
main(void)
{
	char	 out[WEB_DATE_LEN];
	time_t	 t;

	web_date_format(EXAMPLE, out);
	check(strcmp(out, "Sun, 06 Nov 1994 08:49:37 GMT") == 0);
	web_date_format(0, out);
	check(strcmp(out, "Thu, 01 Jan 1970 00:00:00 GMT") == 0);
	web_date_format(1795000000, out);
	check(web_date_parse(out, strlen(out), &t) && t == 1795000000);

	check(parses("Sun, 06 Nov 1994 08:49:37 GMT", EXAMPLE));
	check(parses("Sunday, 06-Nov-94 08:49:37 GMT", EXAMPLE));
	check(parses("Sun Nov  6 08:49:37 1994", EXAMPLE));
	check(parses("Sun Nov 16 08:49:37 1994", EXAMPLE + 10 * 86400));
	check(parses("Thursday, 01-Jan-70 00:00:00 GMT", 0));
	check(parses("Wed, 09 Jun 2021 10:18:14 GMT", 1623233894));

	check(refused(""));
	check(refused("yesterday"));
	check(refused("Sun, 06 Nov 1994 08:49:37"));
	check(refused("Sun, 06 Nov 1994 08:49:37 GMT "));
	check(refused("Sun, 06 Nov 1994 08:49:37 UTC"));
	check(refused("Sun, 6 Nov 1994 08:49:37 GMT"));
	check(refused("Sun, 06 Foo 1994 08:49:37 GMT"));
	check(refused("Sun, 32 Nov 1994 08:49:37 GMT"));
	check(refused("Sun, 06 Nov 1994 24:49:37 GMT"));
	check(refused("Sun, 06 Nov 1994 08:60:37 GMT"));
	check(refused("Sun, 06 Nov 94 08:49:37 GMT"));
	check(refused("Sun, 00 Nov 1994 08:49:37 GMT"));
	check(refused("Sun Nov  6 08:49:37"));
	check(refused("Sun"));
	/* A date cut anywhere is refused, never read past its length. */
	{
		const char	*d = "Sun, 06 Nov 1994 08:49:37 GMT";
		size_t		 i, bad = 0;

		for (i = 0; i < strlen(d); i++)
			bad += !web_date_parse(d, i, &t);
		check(bad == strlen(d));
	}
	return check_summary("t_web_date");
}
