/*
 * passthrough.h: reverse-proxy passthrough to a ws://, wss://, http:// or
 * https:// target, for any request, upgrade or not.
 */
#ifndef PASSTHROUGH_H
#define PASSTHROUGH_H

struct conn;

void	 passthrough_run(struct conn *);

#endif
