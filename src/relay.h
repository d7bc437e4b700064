/*
 * relay.h: the poll() loop that moves one WebSocket to and from its backend.
 */
#ifndef RELAY_H
#define RELAY_H

struct conn;

void	 relay_run(struct conn *);

#endif
