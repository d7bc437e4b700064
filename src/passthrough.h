/*
 * passthrough.h: forward the request to a ws://, wss://, http:// or
 * https:// backend and relay the bytes both ways unchanged.
 */
#ifndef PASSTHROUGH_H
#define PASSTHROUGH_H

struct conn;

void	 passthrough_run(struct conn *);

#endif
