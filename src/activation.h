/*
 * activation.h: find the client connection this process is for.
 */
#ifndef ACTIVATION_H
#define ACTIVATION_H

#include <stddef.h>
#include <sys/socket.h>

struct conn;

void	 activation_adopt(struct conn *);
void	 activation_set_peer(struct conn *, int);

#endif
