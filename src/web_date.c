/*
 * web_date.c: HTTP-date (RFC 9110 §5.6.7) for Last-Modified, Date and
 * If-Modified-Since.  Written out by hand rather than with strftime and
 * strptime, whose day and month names follow the locale.  A parser in
 * STYLE.md's sense: no I/O, no allocation.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "web_date.h"

static const char web_days[7][4] = {
	"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"
};
static const char web_months[12][4] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
};

/* IMF-fixdate, the form RFC 9110 says to send. */
void
web_date_format(time_t t, char out[WEB_DATE_LEN])
{
	struct tm	 tm;

	if (gmtime_r(&t, &tm) == NULL || tm.tm_year + 1900 > 9999 ||
	    tm.tm_year + 1900 < 0) {
		t = 0;
		gmtime_r(&t, &tm);
	}
	/* The % bounds are no-ops that let the compiler see the length. */
	snprintf(out, WEB_DATE_LEN, "%s, %02u %s %04u %02u:%02u:%02u GMT",
	    web_days[tm.tm_wday % 7], (unsigned)tm.tm_mday % 100u,
	    web_months[tm.tm_mon % 12], (unsigned)(tm.tm_year + 1900) % 10000u,
	    (unsigned)tm.tm_hour % 100u, (unsigned)tm.tm_min % 100u,
	    (unsigned)tm.tm_sec % 100u);
}

/* n decimal digits at *s, advancing it; -1 when they are not there. */
static int
web_num(const char **s, const char *end, int n)
{
	int	 v = 0;

	while (n-- > 0) {
		if (*s == end || **s < '0' || **s > '9')
			return -1;
		v = v * 10 + (*(*s)++ - '0');
	}
	return v;
}

static bool
web_lit(const char **s, const char *end, const char *lit)
{
	size_t	 n = strlen(lit);

	if ((size_t)(end - *s) < n || memcmp(*s, lit, n) != 0)
		return false;
	*s += n;
	return true;
}

static int
web_month(const char **s, const char *end)
{
	int	 m;

	if (end - *s < 3)
		return -1;
	for (m = 0; m < 12; m++)
		if (memcmp(*s, web_months[m], 3) == 0) {
			*s += 3;
			return m;
		}
	return -1;
}

/* "HH:MM:SS" */
static bool
web_clock(const char **s, const char *end, struct tm *tm)
{
	return (tm->tm_hour = web_num(s, end, 2)) >= 0 &&
	    web_lit(s, end, ":") && (tm->tm_min = web_num(s, end, 2)) >= 0 &&
	    web_lit(s, end, ":") && (tm->tm_sec = web_num(s, end, 2)) >= 0;
}

/*
 * Any of the three forms a recipient must accept (RFC 9110 §5.6.7):
 *   IMF-fixdate  "Sun, 06 Nov 1994 08:49:37 GMT"
 *   rfc850-date  "Sunday, 06-Nov-94 08:49:37 GMT"
 *   asctime      "Sun Nov  6 08:49:37 1994"
 * The day name is skipped, not checked.  Returns false for anything else
 * (the caller then ignores the field, RFC 9110 §13.1.3).
 */
bool
web_date_parse(const char *s, size_t len, time_t *out)
{
	const char	*end = s + len, *comma;
	struct tm	 tm;
	int		 y = 0;

	memset(&tm, 0, sizeof(tm));
	comma = memchr(s, ',', len);
	if (comma != NULL && comma - s == 3) {			/* IMF */
		s = comma + 1;
		if (!web_lit(&s, end, " ") ||
		    (tm.tm_mday = web_num(&s, end, 2)) < 0 ||
		    !web_lit(&s, end, " ") ||
		    (tm.tm_mon = web_month(&s, end)) < 0 ||
		    !web_lit(&s, end, " ") || (y = web_num(&s, end, 4)) < 0 ||
		    !web_lit(&s, end, " ") || !web_clock(&s, end, &tm) ||
		    !web_lit(&s, end, " GMT"))
			return false;
	} else if (comma != NULL) {				/* rfc850 */
		s = comma + 1;
		if (!web_lit(&s, end, " ") ||
		    (tm.tm_mday = web_num(&s, end, 2)) < 0 ||
		    !web_lit(&s, end, "-") ||
		    (tm.tm_mon = web_month(&s, end)) < 0 ||
		    !web_lit(&s, end, "-") || (y = web_num(&s, end, 2)) < 0 ||
		    !web_lit(&s, end, " ") || !web_clock(&s, end, &tm) ||
		    !web_lit(&s, end, " GMT"))
			return false;
		/* RFC 9110: a two-digit year more than 50 years ahead is
		 * in the past century. */
		y += y < 70 ? 2000 : 1900;
	} else {						/* asctime */
		if (len < 4)
			return false;
		s += 4;
		if ((tm.tm_mon = web_month(&s, end)) < 0 ||
		    !web_lit(&s, end, " "))
			return false;
		if (s < end && *s == ' ') {
			s++;
			tm.tm_mday = web_num(&s, end, 1);
		} else
			tm.tm_mday = web_num(&s, end, 2);
		if (tm.tm_mday < 0 || !web_lit(&s, end, " ") ||
		    !web_clock(&s, end, &tm) || !web_lit(&s, end, " ") ||
		    (y = web_num(&s, end, 4)) < 0)
			return false;
	}
	if (s != end || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 ||
	    tm.tm_min > 59 || tm.tm_sec > 60)
		return false;
	tm.tm_year = y - 1900;
	*out = timegm(&tm);
	return true;
}
