/*
 * proctitle.h: the process title (/proc/PID/cmdline, what ps and
 * systemctl status show) of a handler: who is connected to what.
 */
#ifndef PROCTITLE_H
#define PROCTITLE_H

void	 proctitle_init(int, char **);
void	 proctitle_set(const char *, ...) __attribute__((format(printf, 1, 2)));

#endif
