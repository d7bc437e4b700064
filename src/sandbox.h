/*
 * sandbox.h: the system-call filter for the relay phase.
 */
#ifndef SANDBOX_H
#define SANDBOX_H

#define SANDBOX_EXIT	159		/* 128 + SIGSYS: a call was denied */

struct conn;

int	 sandbox_enter(struct conn *);

#endif
