/*
 * sandbox.h: the system-call filters, one installed before the first
 * client byte is parsed (the request phase), one stacked on it for the
 * relay.
 */
#ifndef SANDBOX_H
#define SANDBOX_H

#define SANDBOX_EXIT	159		/* 128 + SIGSYS: a call was denied */

#include <stdbool.h>

struct conn;
struct sock_fprog;

enum sandbox_phase {
	SANDBOX_REQUEST,		/* PROXY, TLS, HTTP, routing, target */
	SANDBOX_RELAY,			/* moving bytes, nothing else */
};

int	 sandbox_request(struct conn *, bool);
int	 sandbox_enter(struct conn *);
void	 sandbox_program(enum sandbox_phase, bool, bool, bool,
	    struct sock_fprog *);

#endif
