/*
 * pass_status.h: the status of a passthrough backend's final response,
 * and where its head ends, read from its bytes as they pass to the
 * client unchanged.
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
	bool		 in_head;	/* skipping a head (1xx or final) */
	bool		 bol;		/* ... at the start of a line */
	bool		 done;		/* the final head is complete (or the
					 * bytes are not HTTP) */
	int		 status;	/* 0 not yet, -1 not HTTP, else final */
	uint64_t	 fed;		/* bytes fed so far */
	uint64_t	 ready;		/* ... of which complete heads: 1xx
					 * ones, or all once done */
};

void	 pass_status_init(struct pass_status *);
void	 pass_status_feed(struct pass_status *, const uint8_t *, size_t);

#endif
