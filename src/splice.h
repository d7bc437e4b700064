/*
 * splice.h: move bytes both ways between the client and a passthrough
 * backend, unchanged, until both directions are done.
 */
#ifndef SPLICE_H
#define SPLICE_H

struct conn;
struct tls;

int	 splice_run(struct conn *, struct tls *);

#endif
