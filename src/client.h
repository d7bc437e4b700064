/*
 * client.h: the client's byte stream, plain or TLS, with read(2) and
 * write(2) semantics (the relay), deadline-bounded forms (the request
 * head and refusals) and the lingering close.
 */
#ifndef CLIENT_H
#define CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct conn;

ssize_t	 client_read(struct conn *, void *, size_t);
ssize_t	 client_write(struct conn *, const void *, size_t);
bool	 client_pending(const struct conn *);
ssize_t	 client_read_deadline(struct conn *, void *, size_t, int64_t);
ssize_t	 client_write_all(struct conn *, const void *, size_t, int64_t);
void	 client_shut(struct conn *);
void	 client_linger(struct conn *, int);

#endif
