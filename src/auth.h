/*
 * auth.h: --auth-file, HTTP Basic at the handshake, and --hash-password.
 */
#ifndef AUTH_H
#define AUTH_H

#include <stdbool.h>

struct conn;
struct http_req;

int	 auth_check(struct conn *);
bool	 auth_same(const struct conn *, const struct http_req *);

/* auth_hash.c: --hash-password USER; returns the exit status. */
int	 auth_hash_password(const char *);

#endif
