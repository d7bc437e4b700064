/*
 * pass_req.h: where one request ends in the client's byte stream to a
 * passthrough backend, so that every request of a keep-alive connection
 * gets its head rewritten.  No I/O, no allocation.
 */
#ifndef PASS_REQ_H
#define PASS_REQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct http_req;

/* What follows a request head (RFC 9112 §6.3 for requests). */
enum pass_body {
	PASS_BODY_NONE,		/* no body: the next request follows */
	PASS_BODY_LENGTH,	/* Content-Length bytes */
	PASS_BODY_CHUNKED,	/* Transfer-Encoding: chunked */
	PASS_BODY_RAW,		/* an upgrade or CONNECT: bytes to the end */
};

enum pass_body	 pass_req_body(const struct http_req *, uint64_t *);
enum pass_body	 pass_req_framing(const struct http_req *, uint64_t *);

/* A chunked body's framing (RFC 9112 §7.1), scanned, never changed. */
#define CHUNK_SIZE_DIGITS	15	/* hex digits in a chunk size: < 2^60 */
#define CHUNK_LINE_MAX		4096	/* a size line's extension, a trailer */

struct chunked {
	unsigned	 state;
	uint64_t	 left;		/* data bytes left in this chunk */
	unsigned	 digits;
	size_t		 line;		/* bytes in the current line */
};

void	 chunked_init(struct chunked *);
ssize_t	 chunked_scan(struct chunked *, const uint8_t *, size_t, bool *);

#endif
