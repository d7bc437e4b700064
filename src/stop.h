/*
 * stop.h: SIGTERM and SIGINT in a connection's handler (systemctl stop,
 * a shutdown, Ctrl-C): recorded, and seen by every wait.
 */
#ifndef STOP_H
#define STOP_H

#include <poll.h>
#include <stdbool.h>

#define STOP_WHY	"server shutting down"	/* the 503's body */

void	 stop_catch(void);
int	 stop_ppoll(struct pollfd *, nfds_t, int);
bool	 stop_pending(void);
const char *stop_name(void);

#endif
