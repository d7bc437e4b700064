/*
 * pass_frame.h: the client's byte stream to a passthrough backend, one
 * request at a time: bodies and upgraded streams pass unchanged, the
 * head of every later request on a keep-alive connection is rewritten
 * like the first.
 */
#ifndef PASS_FRAME_H
#define PASS_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "http.h"
#include "pass_req.h"

struct conn;

enum up_mode {
	UP_HEAD,		/* a later request's head comes next */
	UP_LENGTH,		/* left bytes of a Content-Length body */
	UP_CHUNKED,		/* a chunked body */
	UP_WAIT,		/* after an upgrade's body: hold until answered */
	UP_RAW,			/* after an upgrade: bytes, unparsed */
	UP_STOP,		/* nothing more is passed on */
};

struct pass_up {
	enum up_mode	 mode;
	uint64_t	 left;
	struct chunked	 ck;
	bool		 fresh;		/* req not yet initialised */
	bool		 upgrade;	/* UP_WAIT once the body is done */
	int		 status;	/* backend's final status (1xx interim
					 * ones skipped); 0 not yet, -1 not a
					 * status line (splice.c) */
	size_t		 head_len;	/* req's head, still in c->rx */
	int		 refusal;	/* UP_STOP for a refused request: its
					 * status, answered after the rest */
	const char	*refusal_why;
	struct http_req	 req;		/* a later request */
	char		 rest[MAX_HEADER_BYTES];
};

void	 pass_up_start(struct pass_up *, const struct http_req *);
size_t	 pass_up_frame(struct conn *, struct pass_up *);

#endif
