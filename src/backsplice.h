/*
 * backsplice.h: backend -> client with splice(2) for tcp: and unix:
 * targets on a plain client: each frame's header from c->to_client, its
 * payload through a pipe, never through user space.
 */
#ifndef BACKSPLICE_H
#define BACKSPLICE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct conn;

struct backsplice {
	bool	 on;		/* the pipe is open: this relay may splice */
	int	 rfd, wfd;	/* the pipe, valid when on */
	bool	 bulk;		/* reads are large: splice the next one */
	bool	 nosend;	/* the client is no socket: no MSG_MORE */
	size_t	 len;		/* payload bytes in the pipe */
	size_t	 before;	/* bytes of c->to_client that go first */
};

void	 backsplice_open(struct conn *);
bool	 backsplice_want(const struct conn *);
int	 backsplice_read(struct conn *, int);
ssize_t	 backsplice_write(struct conn *);
size_t	 backsplice_queued(const struct conn *);
void	 backsplice_close(struct conn *);

#endif
