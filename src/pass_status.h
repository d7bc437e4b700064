/*
 * pass_status.h: the status of a passthrough backend's final response,
 * read from its bytes as they pass to the client unchanged.
 */
#ifndef PASS_STATUS_H
#define PASS_STATUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pass_status {
	char		 line[12];	/* "HTTP/1.x NNN", as it arrives */
	size_t		 n;
	bool		 interim;	/* skipping a 1xx head to its end */
	bool		 bol;		/* ... at the start of a line */
	int		 status;	/* 0 not yet, -1 not HTTP, else final */
};

void	 pass_status_init(struct pass_status *);
void	 pass_status_feed(struct pass_status *, const uint8_t *, size_t);

#endif
