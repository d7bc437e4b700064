/*
 * activation.h: find the client connection this process is for.
 */
#ifndef ACTIVATION_H
#define ACTIVATION_H

struct conn;

void	 activation_adopt(struct conn *);

#endif
