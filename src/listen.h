/*
 * listen.h: --listen and Accept=no: accept and fork a handler per connection.
 */
#ifndef LISTEN_H
#define LISTEN_H

#include <stdbool.h>

#define LISTEN_MAX	16

struct conn;

int	 listen_bind(const char *);
void	 listen_run(struct conn *, const int *, const bool *, int);

#endif
