/*
 * target_unix.c: connect to unix:PATH, or unix:@NAME in the abstract
 * namespace (no file; the name is what follows the '@').
 */
#include <errno.h>
#include <poll.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "io.h"
#include "log.h"
#include "target.h"

int
target_unix_open(struct target *t, const char *peer, int64_t deadline)
{
	struct sockaddr_un sun;
	socklen_t	 len;
	int		 fd, err = 0;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	memcpy(sun.sun_path, t->path, t->pathlen);
	if (t->path[0] == '@')
		sun.sun_path[0] = '\0';
	len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + t->pathlen +
	    (t->path[0] == '@' ? 0 : 1));

	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd == -1) {
		log_warn("%s: backend %s: socket", peer, t->spec);
		return 502;
	}
	/* A full listen queue gives EAGAIN; retry until the deadline. */
	while (connect(fd, (struct sockaddr *)&sun, len) == -1) {
		err = errno;
		if (err != EAGAIN && err != EINTR)
			break;
		if (io_timeout(deadline) == 0) {
			close(fd);
			log_warnx("%s: backend %s: listen queue full for the "
			    "handshake timeout, answered 504", peer, t->spec);
			return 504;
		}
		usleep(10000);
		err = 0;
	}
	if (err == EINPROGRESS)
		err = 0;
	if (err != 0) {
		close(fd);
		log_warnx("%s: backend %s: %s, answered 502", peer, t->spec,
		    strerror(err));
		return 502;
	}
	t->fd = fd;
	return 0;
}
