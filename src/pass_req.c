/*
 * pass_req.c: request framing for a passthrough's keep-alive connection.
 * splice.c passes a request's body through unchanged and must know where
 * it ends, because the next request's head is rewritten like the first
 * (pass_head.c).  Bodies are never changed; only their length is found:
 * Content-Length, or a chunked body scanned here, or none.  An upgrade or
 * CONNECT turns the rest of the stream into bytes nobody parses.
 */
#include <limits.h>
#include <string.h>

#include "http.h"
#include "pass_head.h"
#include "pass_req.h"

/*
 * The body that follows r's head, from what http-parser found in the
 * headers (it refuses a request with both Content-Length and chunked,
 * and conflicting lengths).  *len is set for PASS_BODY_LENGTH.
 */
enum pass_body
pass_req_body(const struct http_req *r, uint64_t *len)
{
	if (r->method == HTTP_CONNECT || pass_is_upgrade(r))
		return PASS_BODY_RAW;
	return pass_req_framing(r, len);
}

/* The body as if r asked for no upgrade: a refused one frames by this. */
enum pass_body
pass_req_framing(const struct http_req *r, uint64_t *len)
{
	if (r->parser.flags & F_CHUNKED)
		return PASS_BODY_CHUNKED;
	if (r->parser.content_length > 0 &&
	    r->parser.content_length != ULLONG_MAX) {
		*len = r->parser.content_length;
		return PASS_BODY_LENGTH;
	}
	return PASS_BODY_NONE;
}

enum {
	CK_SIZE,		/* hex digits of the chunk size */
	CK_EXT,			/* ";ext=val" up to the line's end */
	CK_SIZE_LF,		/* after the size line's CR */
	CK_DATA,		/* left bytes of data */
	CK_DATA_CR,		/* the CRLF after the data */
	CK_DATA_LF,
	CK_TRAILER,		/* start of a trailer line, or the end */
	CK_TRAILER_LINE,	/* inside a trailer field line */
	CK_END_LF,		/* the final CRLF's LF */
	CK_DONE,
};

void
chunked_init(struct chunked *ck)
{
	ck->state = CK_SIZE;
	ck->left = 0;
	ck->digits = 0;
	ck->line = 0;
}

static int
hexval(uint8_t c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
		return (c | 0x20) - 'a' + 10;
	return -1;
}

/*
 * Scan p[0..n) of a chunked body.  Returns how many of those bytes belong
 * to it (all of them, or fewer when it ends among them: *done is then
 * set), or -1 when the framing is malformed.  Data bytes are skipped in
 * one step whatever their number.
 */
ssize_t
chunked_scan(struct chunked *ck, const uint8_t *p, size_t n, bool *done)
{
	size_t	 i = 0, k;
	int	 h;

	*done = false;
	while (i < n && ck->state != CK_DONE) {
		uint8_t	 c = p[i];

		switch (ck->state) {
		case CK_DATA:
			k = n - i < ck->left ? n - i : (size_t)ck->left;
			ck->left -= k;
			i += k;
			if (ck->left == 0)
				ck->state = CK_DATA_CR;
			continue;
		case CK_SIZE:
			if ((h = hexval(c)) >= 0) {
				if (++ck->digits > CHUNK_SIZE_DIGITS)
					return -1;
				ck->left = ck->left * 16 + (uint64_t)h;
				break;
			}
			if (ck->digits == 0)
				return -1;
			if (c == ';' || c == ' ' || c == '\t') {
				ck->state = CK_EXT;
				ck->line = 0;
			} else if (c == '\r')
				ck->state = CK_SIZE_LF;
			else
				return -1;
			break;
		case CK_EXT:
			if (++ck->line > CHUNK_LINE_MAX)
				return -1;
			if (c == '\r')
				ck->state = CK_SIZE_LF;
			else if (c == '\n')
				return -1;	/* bare LF */
			break;
		case CK_SIZE_LF:
			if (c != '\n')
				return -1;
			ck->digits = 0;
			ck->state = ck->left > 0 ? CK_DATA : CK_TRAILER;
			break;
		case CK_DATA_CR:
			if (c != '\r')
				return -1;
			ck->state = CK_DATA_LF;
			break;
		case CK_DATA_LF:
			if (c != '\n')
				return -1;
			ck->state = CK_SIZE;
			break;
		case CK_TRAILER:
			if (c == '\r')
				ck->state = CK_END_LF;
			else if (c == '\n')
				return -1;
			else {
				ck->state = CK_TRAILER_LINE;
				ck->line = 1;
			}
			break;
		case CK_TRAILER_LINE:
			if (++ck->line > CHUNK_LINE_MAX)
				return -1;
			if (c == '\n')
				ck->state = CK_TRAILER;
			break;
		case CK_END_LF:
			if (c != '\n')
				return -1;
			ck->state = CK_DONE;
			break;
		}
		i++;
	}
	*done = ck->state == CK_DONE;
	return (ssize_t)i;
}
