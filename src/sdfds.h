/*
 * sdfds.h: systemd's socket-passing protocol (sd_listen_fds(3)), read
 * directly from the environment.
 */
#ifndef SDFDS_H
#define SDFDS_H

#include <stdbool.h>

#include "listen.h"

#define SDFDS_START	3		/* SD_LISTEN_FDS_START */
#define SDFDS_NAME_MAX	256		/* FileDescriptorName= limit + 1 */

struct sdfds {
	int	 n;				/* descriptors 3 .. 3+n-1 */
	char	 names[LISTEN_MAX][SDFDS_NAME_MAX]; /* "" when unnamed */
};

int	 sdfds_get(struct sdfds *);
int	 sdfds_is_stream(int, int);

#endif
