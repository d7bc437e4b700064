/*
 * t_notify.c: what the notify relay passes on to systemd (only READY=1,
 * STOPPING=1, WATCHDOG=1 and STATUS= lines), and $WATCHDOG_USEC and
 * $WATCHDOG_PID read as sd_watchdog_enabled(3) reads them.
 */
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "notify.h"

int
main(void)
{
	uint64_t	 us = 0;

	check(notify_allowed("READY=1"));
	check(notify_allowed("STOPPING=1"));
	check(notify_allowed("WATCHDOG=1"));
	check(notify_allowed("STATUS=3 connections open, 5 served"));
	check(notify_allowed("STATUS="));
	check(notify_allowed("READY=1\nSTATUS=0 connections open, 0 served"));
	check(!notify_allowed(""));
	check(!notify_allowed("\n"));
	check(notify_allowed("READY=1\n"));		/* as sd_notify takes it */
	check(!notify_allowed("READY=1\n\nSTATUS=x"));
	check(!notify_allowed("READY=0"));
	check(!notify_allowed("READY=11"));
	check(!notify_allowed("READY=1\nMAINPID=1"));
	check(!notify_allowed("MAINPID=1"));
	check(!notify_allowed("FDSTORE=1"));
	check(!notify_allowed("WATCHDOG=trigger"));
	check(!notify_allowed("STATUS"));
	check(!notify_allowed("status=x"));

	check(notify_watchdog_parse("30000000", NULL, 7, &us) == 0 &&
	    us == 30000000);
	check(notify_watchdog_parse("1", "7", 7, &us) == 0 && us == 1);
	check(notify_watchdog_parse("1000", "8", 7, &us) == -1);
	check(notify_watchdog_parse("1000", "", 7, &us) == -1);
	check(notify_watchdog_parse("1000", "7x", 7, &us) == -1);
	check(notify_watchdog_parse("0", NULL, 7, &us) == -1);
	check(notify_watchdog_parse("", NULL, 7, &us) == -1);
	check(notify_watchdog_parse(NULL, "7", 7, &us) == -1);
	check(notify_watchdog_parse("-5", NULL, 7, &us) == -1);
	check(notify_watchdog_parse("1e6", NULL, 7, &us) == -1);
	check(notify_watchdog_parse("18446744073709551615", NULL, 7, &us) ==
	    0 && us == UINT64_MAX);
	check(notify_watchdog_parse("18446744073709551616", NULL, 7, &us) ==
	    -1);
	check(notify_watchdog_parse("5", "99999999999999999999", 7, &us) ==
	    -1);
	return check_summary("t_notify");
}
