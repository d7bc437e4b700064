/*
 * sandbox.h: the system-call filter for the relay phase.
 */
#ifndef SANDBOX_H
#define SANDBOX_H

#define SANDBOX_EXIT	159		/* 128 + SIGSYS: a call was denied */

#include <stdbool.h>

struct conn;
struct sock_fprog;

int	 sandbox_enter(struct conn *);
void	 sandbox_program(bool, bool, struct sock_fprog *);

#endif
