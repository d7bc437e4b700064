/*
 * resident.h: the resident parent of --listen and of listening sockets
 * passed by systemd (Accept=no) or inetd (wait).
 */
#ifndef RESIDENT_H
#define RESIDENT_H

#include <stdbool.h>

struct conn;

void	 resident_run(struct conn *, const int *, const bool *, int);
void	 resident_child_exit(int) __attribute__((noreturn));

#endif
