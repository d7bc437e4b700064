/*
 * notify.h: systemd's service notifications (sd_notify(3)) for the
 * resident parent, through libsystemd loaded in a process of its own.
 */
#ifndef NOTIFY_H
#define NOTIFY_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#define NOTIFY_SONAME	"libsystemd.so.0"
#define NOTIFY_MSG_MAX	256		/* one message from the parent */

int	 notify_start(const int *, int);
void	 notify_send(int, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
bool	 notify_allowed(const char *);
int	 notify_watchdog_parse(const char *, const char *, pid_t, uint64_t *);

#endif
