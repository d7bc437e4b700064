/*
 * upgrade.h: RFC 6455 §4.2 server handshake: check the request, answer 101.
 */
#ifndef UPGRADE_H
#define UPGRADE_H

#include <stdbool.h>

struct conn;
struct http_req;

bool	 upgrade_requested(const struct http_req *);
int	 upgrade_check(struct conn *, const char **);
void	 upgrade_accept(struct conn *);

#endif
