/*
 * peer.h: the client's address as every log line names it.
 */
#ifndef PEER_H
#define PEER_H

#include <stddef.h>
#include <sys/socket.h>

void	 peer_format(const struct sockaddr *, socklen_t, char *, size_t);
void	 peer_of_fd(int, char *, size_t);

#endif
