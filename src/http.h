/*
 * http.h: the client's request head, parsed with nodejs http-parser.
 * Header names and values are kept as offsets into a private copy of the
 * head (at most MAX_HEADER_BYTES), so nothing is allocated.
 */
#ifndef HTTP_H
#define HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <http_parser.h>

#define MAX_HEADER_BYTES	8192	/* request line + headers, else 431 */
#define MAX_HEADERS		64	/* header lines, else 431 */

struct conn;

struct http_span {
	uint16_t	 off, len;
};

struct http_hdr {
	struct http_span name, value;
};

struct http_req {
	http_parser	 parser;
	size_t		 nparsed;	/* bytes of head fed so far */
	bool		 done;		/* end of head seen */
	int		 status;	/* 0, or the HTTP status to refuse with */
	const char	*why;		/* our own refusal's reason, or NULL */
	int		 last;		/* last callback: 0, 1 field, 2 value */
	const uint8_t	*base;		/* what offsets are relative to */

	unsigned	 method;	/* enum http_method */
	unsigned short	 major, minor;
	struct http_span url;
	struct http_hdr	 hdr[MAX_HEADERS];
	size_t		 nhdr;
	uint8_t		 head[MAX_HEADER_BYTES];	/* copy of the head */

	/* NUL-terminated, truncated copies for logs and routing. */
	char		 method_name[16];
	char		 path[512];

	/*
	 * Kept across the requests of one connection (http_req_init leaves
	 * them): how many heads were read, and until when the next one may
	 * take to arrive, which web_serve() sets before it keeps a
	 * connection open (0: the first request's --handshake-timeout).
	 */
	unsigned	 nreq;
	int64_t		 next_deadline;
};

void	 http_req_init(struct http_req *);
int	 http_req_feed(struct http_req *, const uint8_t *, size_t, size_t *);
int	 http_read_request(struct conn *);
void	 http_printable(char *, size_t, const uint8_t *, size_t);
int	 http_fail(struct conn *, int, const char *);
size_t	 http_refusal(int, const char *, char *, size_t);
int	 http_fail_backend(struct conn *, int, const char *);
const char	*http_reason(int);

size_t	 http_header_count(const struct http_req *, const char *);
bool	 http_header(const struct http_req *, const char *, const char **,
	    size_t *);
bool	 http_header_nth(const struct http_req *, const char *, size_t,
	    const char **, size_t *);
bool	 http_has_token(const struct http_req *, const char *, const char *,
	    bool);
bool	 http_next_token(const char **, const char *, const char **, size_t *);

#endif
