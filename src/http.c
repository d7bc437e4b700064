/*
 * http.c: read the client's request head with a deadline, parse it with
 * nodejs http-parser, and answer refusals.  The parser callbacks only record
 * offsets (no I/O, no allocation); bytes that came after the head stay in
 * c->rx, because they are the start of the WebSocket stream.
 */
#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "client.h"
#include "http.h"
#include "io.h"
#include "log.h"
#include "stop.h"
#include "tls.h"
#include "wsinetd.h"

static int
http_span_add(struct http_req *r, struct http_span *s, const char *at,
    size_t len)
{
	size_t	 off = (const uint8_t *)at - r->base;

	if (s->len == 0)
		s->off = (uint16_t)off;
	/* Pieces of one span are contiguous in the buffer. */
	s->len = (uint16_t)(off + len - s->off);
	return 0;
}

/* Every callback sees offsets below MAX_HEADER_BYTES: the feeder cuts there. */
static int
http_on_url(http_parser *p, const char *at, size_t len)
{
	struct http_req	*r = p->data;

	return http_span_add(r, &r->url, at, len);
}

static int
http_on_field(http_parser *p, const char *at, size_t len)
{
	struct http_req	*r = p->data;

	if (r->last != 1) {
		if (r->nhdr == MAX_HEADERS) {
			r->status = 431;
			return 1;
		}
		memset(&r->hdr[r->nhdr++], 0, sizeof(r->hdr[0]));
		r->last = 1;
	}
	return http_span_add(r, &r->hdr[r->nhdr - 1].name, at, len);
}

static int
http_on_value(http_parser *p, const char *at, size_t len)
{
	struct http_req	*r = p->data;

	r->last = 2;
	return http_span_add(r, &r->hdr[r->nhdr - 1].value, at, len);
}

/* Stop at the end of the head: what follows is not HTTP's to parse. */
static int
http_on_headers_complete(http_parser *p)
{
	struct http_req	*r = p->data;

	r->done = true;
	http_parser_pause(p, 1);
	return 0;
}

static const http_parser_settings http_settings = {
	.on_url = http_on_url,
	.on_header_field = http_on_field,
	.on_header_value = http_on_value,
	.on_headers_complete = http_on_headers_complete,
};

void
http_req_init(struct http_req *r)
{
	memset(r, 0, offsetof(struct http_req, head));
	r->method_name[0] = r->path[0] = '\0';
	http_parser_init(&r->parser, HTTP_REQUEST);
	r->parser.data = r;
}

/* src[0..len) into dst as a string of visible ASCII ('?' for the rest), cut
 * to fit: a client's bytes shown in a log line. */
void
http_printable(char *dst, size_t dstsize, const uint8_t *src, size_t len)
{
	size_t	 i;

	if (len >= dstsize)
		len = dstsize - 1;
	/* Logs get printable bytes only. */
	for (i = 0; i < len; i++)
		dst[i] = (src[i] > 0x20 && src[i] < 0x7f) ? (char)src[i] : '?';
	dst[len] = '\0';
}

/*
 * RFC 9112 §6.1: "chunked" is the one transfer coding we implement, so it
 * is the one we accept, alone, as nginx does: one Transfer-Encoding line
 * whose value is "chunked" (any case).  "gzip, chunked", "identity" then
 * "chunked" on two lines, "chunked" twice, ", chunked", "chunked;x=1" are
 * not: http-parser would frame several of them as chunked, and a backend
 * that decodes them otherwise (or refuses them) would read the body as
 * another request.
 */
static bool
http_te_chunked_only(const struct http_req *r)
{
	const char	*v;
	size_t		 len;

	return http_header_count(r, "Transfer-Encoding") == 1 &&
	    http_header(r, "Transfer-Encoding", &v, &len) && len == 7 &&
	    strncasecmp(v, "chunked", 7) == 0;
}

/*
 * A complete head that a backend could frame otherwise than we do is
 * refused: RFC 9112 §5.1 (no whitespace between a field name and its
 * colon: a server "MUST reject" it, and http-parser takes
 * "Transfer-Encoding : chunked" as chunked while a backend may ignore
 * the name and read the body as requests); §6.3 and §6.1 (a
 * Transfer-Encoding in an HTTP/1.0 request: its length cannot be
 * determined, and http-parser would frame it as having no body; one that
 * is not "chunked" alone: 501, see http_te_chunked_only).  And a
 * version we do not speak (RFC 9112 §2.3): HTTP/0.9's request line has
 * no headers to route or check by, 400; a major version above 1 has no
 * HTTP/1 framing to pass on, 505 (RFC 9110 §15.6.6).  http-parser takes
 * both, and a passthrough backend got them as HTTP/1.1.  A higher minor
 * version (HTTP/1.2) is HTTP/1.1 to us, as RFC 9110 §2.5 says.  Returns
 * 0, 400, 501 or 505.
 */
static int
http_req_check(struct http_req *r)
{
	const uint8_t	*name;
	size_t		 i;

	if (r->major != 1) {
		r->why = r->major == 0 ? "HTTP/0.9" : "an HTTP version above "
		    "1.x";
		return r->major == 0 ? 400 : 505;
	}
	for (i = 0; i < r->nhdr; i++) {
		name = r->base + r->hdr[i].name.off;
		if (memchr(name, ' ', r->hdr[i].name.len) != NULL ||
		    memchr(name, '\t', r->hdr[i].name.len) != NULL) {
			r->why = "whitespace in a header name";
			return 400;
		}
	}
	if (http_header_count(r, "Transfer-Encoding") == 0)
		return 0;
	if (r->major == 1 && r->minor == 0) {
		r->why = "Transfer-Encoding in HTTP/1.0";
		return 400;
	}
	if (!http_te_chunked_only(r)) {
		r->why = "a Transfer-Encoding other than chunked alone";
		return 501;
	}
	if (!(r->parser.flags & F_CHUNKED)) {	/* cannot be: be sure */
		r->why = "Transfer-Encoding not framed as chunked";
		return 400;
	}
	return 0;
}

/*
 * Feed the request bytes base[0..len) (a prefix was fed before; base must
 * not move between calls).  Returns 0 while the head is incomplete or once
 * it is done (r->done; *head_len is then its size), else the HTTP status to
 * refuse with: 400 malformed, 431 too large.
 */
int
http_req_feed(struct http_req *r, const uint8_t *base, size_t len,
    size_t *head_len)
{
	size_t	 n, want;

	r->base = base;
	want = len - r->nparsed;
	if (r->nparsed + want > MAX_HEADER_BYTES)
		want = MAX_HEADER_BYTES - r->nparsed;
	n = http_parser_execute(&r->parser, &http_settings,
	    (const char *)base + r->nparsed, want);
	r->nparsed += n;
	if (r->status)
		return r->status;
	if (r->done) {
		/*
		 * Paused in on_headers_complete, http-parser (2.9) returns
		 * the offset of the head's final LF, which it has seen but
		 * not counted: count it, so the WebSocket stream starts at
		 * the byte after it.
		 */
		if (r->nparsed >= len || base[r->nparsed] != '\n')
			return 400;
		r->nparsed++;
		if (r->nparsed > MAX_HEADER_BYTES)
			return 431;
		memcpy(r->head, base, r->nparsed);
		r->base = r->head;
		r->method = r->parser.method;
		r->major = r->parser.http_major;
		r->minor = r->parser.http_minor;
		snprintf(r->method_name, sizeof(r->method_name), "%s",
		    http_method_str(r->parser.method));
		http_printable(r->path, sizeof(r->path), r->head + r->url.off,
		    r->url.len);
		*head_len = r->nparsed;
		return http_req_check(r);
	}
	if (HTTP_PARSER_ERRNO(&r->parser) != HPE_OK)
		return 400;
	if (r->nparsed >= MAX_HEADER_BYTES)
		return 431;
	return 0;
}

/* Feed what c->rx holds; log a refusal.  Returns as http_req_feed(). */
static int
http_feed_rx(struct conn *c, size_t *head_len)
{
	int	 status;

	/*
	 * Offsets are relative to the head of c->rx, so the data may move
	 * down between calls (buf_tail_room) as long as the head stays the
	 * request's first byte.
	 */
	status = http_req_feed(&c->req, buf_head(&c->rx), buf_len(&c->rx),
	    head_len);
	if (status == 431)
		log_warnx("%s: request head over %d bytes or %d lines, "
		    "answered 431", c->peer, MAX_HEADER_BYTES, MAX_HEADERS);
	else if (status == 501)
		log_warnx("%s: request with %s, answered 501 (only "
		    "\"Transfer-Encoding: chunked\" is implemented)", c->peer,
		    c->req.why);
	else if (status && c->req.done && c->req.major != 1)
		log_warnx("%s: request in %s, answered %d (wsinetd speaks "
		    "HTTP/1.0 and HTTP/1.1)", c->peer, c->req.why, status);
	else if (status)
		log_warnx("%s: malformed request (%s), answered %d", c->peer,
		    c->req.why ? c->req.why : http_errno_description(
		    HTTP_PARSER_ERRNO(&c->req.parser)), status);
	return status;
}

/*
 * SIGTERM or SIGINT while waiting for a request (stop.c): a request begun
 * is answered 503, a connection with nothing of one just closed.  Returns
 * as http_read_request().
 */
static int
http_read_stopped(struct conn *c)
{
	if (buf_len(&c->rx) > 0) {
		log_warnx("%s: %s while reading the request, answered 503",
		    c->peer, stop_name());
		return 503;
	}
	if (c->req.nreq > 0)
		log_info("%s: %s on a kept-alive connection after %u requests, "
		    "closed", c->peer, stop_name(), c->req.nreq);
	else
		log_warnx("%s: %s before a request: closed", c->peer,
		    stop_name());
	return -1;
}

/*
 * Read the next request head from the client: the first one within
 * --handshake-timeout of the connection's start, a later one (keep-alive,
 * see web.c) by c->req.next_deadline.  Bytes already in c->rx (pipelined
 * after the previous request) are parsed before anything is read.
 * Returns 0 with c->req done and the head consumed from c->rx (what came
 * after it stays there: the next request, or the WebSocket stream), the
 * status to refuse with, or -1 when the client went away or a kept-alive
 * connection stayed idle.
 */
int
http_read_request(struct conn *c)
{
	struct http_req	*r = &c->req;
	bool	 first = r->nreq == 0;
	int64_t	 deadline = r->next_deadline;
	size_t	 head_len = 0;
	ssize_t	 n;
	int	 status;

	if (first || deadline == 0)
		deadline = c->stage_ms + (int64_t)cfg.handshake_timeout * 1000;
	http_req_init(r);
	/* A head fits in MAX_HEADER_BYTES; ask for that much contiguous
	 * room, moving pipelined bytes down if need be. */
	for (n = (ssize_t)buf_len(&c->rx); ; ) {
		/* Only new bytes: http-parser takes 0 bytes as EOF. */
		if (n > 0) {
			if ((status = http_feed_rx(c, &head_len)) != 0)
				return status;
			if (r->done) {
				buf_consume(&c->rx, head_len);
				r->nreq++;
				return 0;
			}
		}
		n = client_read_deadline(c, buf_tail(&c->rx),
		    buf_tail_room(&c->rx, MAX_HEADER_BYTES + 1), deadline);
		if (n == -ETIMEDOUT && !first && buf_len(&c->rx) == 0) {
			log_info("%s: kept-alive connection idle after %u "
			    "requests, closed", c->peer, r->nreq);
			return -1;
		}
		if (n == -ECANCELED)
			return http_read_stopped(c);
		if (n == -ETIMEDOUT) {
			if (first)
				log_warnx("%s: no complete request in %d s, "
				    "answered 408", c->peer,
				    cfg.handshake_timeout);
			else
				log_warnx("%s: request %u incomplete at the "
				    "keep-alive deadline, answered 408",
				    c->peer, r->nreq + 1);
			return 408;
		}
		if (n <= 0) {
			/* Nothing sent, or only the proxy's health check's
			 * TLS handshake: a probe.  A client's handshake keeps
			 * its access line (gnutls-cli --resume checks). */
			if (first && buf_len(&c->rx) == 0 &&
			    (!c->tlsf.on || c->probe) &&
			    (n == 0 || n == -ECONNRESET))
				log_silent(c, (int)-n);
			else if (n < 0)
				log_warnx("%s: reading request: %s", c->peer,
				    strerror((int)-n));
			else if (buf_len(&c->rx) > 0)
				log_warnx("%s: closed in the middle of the "
				    "request", c->peer);
			else if (first)
				log_info("%s: closed without a request",
				    c->peer);
			return -1;
		}
		if (first && buf_len(&c->rx) == 0 && c->tls == NULL &&
		    buf_tail(&c->rx)[0] == TLS_RECORD_HANDSHAKE) {
			log_warnx("%s: TLS ClientHello on a plain port: closed "
			    "(for wss:// here, run with --tls on or auto, or "
			    "name the socket tls)", c->peer);
			return -1;
		}
		c->rx.end += (size_t)n;
	}
}

/* The reason phrase for a status we send (RFC 9110 §15). */
const char *
http_reason(int status)
{
	switch (status) {
	case 101: return "Switching Protocols";
	case 200: return "OK";
	case 301: return "Moved Permanently";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 408: return "Request Timeout";
	case 414: return "URI Too Long";
	case 426: return "Upgrade Required";
	case 431: return "Request Header Fields Too Large";
	case 501: return "Not Implemented";
	case 502: return "Bad Gateway";
	case 503: return "Service Unavailable";
	case 504: return "Gateway Timeout";
	case 505: return "HTTP Version Not Supported";
	default: return "Internal Server Error";
	}
}

/*
 * A refusal's response: status line, Connection: close, a text body with
 * the reason (why, when not NULL) so a person with curl sees it too,
 * into out[0..size).  Returns its length.
 */
size_t
http_refusal(int status, const char *why, char *out, size_t size)
{
	char		 body[512], challenge[256];
	const char	*extra = "";
	int		 len, blen;

	if (status == 405)
		extra = "Allow: GET\r\n";
	else if (status == 426)
		extra = "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\n";
	else if (status == 401) {
		/* RFC 7617 §2 and §2.1: --auth-realm is checked by config.c
		 * to need no escaping inside the quotes. */
		snprintf(challenge, sizeof(challenge), "WWW-Authenticate: "
		    "Basic realm=\"%s\", charset=\"UTF-8\"\r\n",
		    cfg.auth_realm);
		extra = challenge;
	}
	blen = snprintf(body, sizeof(body), "%d %s%s%s\n", status,
	    http_reason(status), why ? ": " : "", why ? why : "");
	if (blen < 0 || (size_t)blen >= sizeof(body))
		blen = (int)sizeof(body) - 1;
	len = snprintf(out, size,
	    "HTTP/1.1 %d %s\r\n"
	    "Connection: close\r\n"
	    "Content-Type: text/plain; charset=utf-8\r\n"
	    "Content-Length: %d\r\n"
	    "%s\r\n%.*s",
	    status, http_reason(status), blen, extra, blen, body);
	if (len < 0)
		return 0;
	return (size_t)len < size ? (size_t)len : size - 1;
}

/*
 * Answer a refusal and end the connection gracefully: the response, then
 * our FIN, then whatever the client still sends is read and dropped for a
 * moment, so its unread bytes do not turn our close into a reset that
 * destroys the response before the client reads it.  why, when not NULL,
 * goes into the body.  Returns the status.
 */
int
http_fail(struct conn *c, int status, const char *why)
{
	char		 resp[1024];
	size_t		 len;

	len = http_refusal(status, why, resp, sizeof(resp));
	c->status = status;
	if (client_write_all(c, resp, len, now_ms() + CLOSE_WAIT_MS) < 0)
		log_info("%s: could not send %d", c->peer, status);
	client_linger(c, CLOSE_WAIT_MS);
	c->exit_status = EXIT_OK;
	return status;
}

/* http_fail for a failure on our side (the backend, the filter): the
 * process exits 1 (EXIT_FAIL), as for a 1011 after the 101.  503 is no
 * failure: SIGTERM came while the backend was being reached (stop.c). */
int
http_fail_backend(struct conn *c, int status, const char *why)
{
	if (status == 503)
		return http_fail(c, status, STOP_WHY);
	(void)http_fail(c, status, why);	/* sets EXIT_OK: a refusal */
	c->exit_status = EXIT_FAIL;
	return status;
}

/*
 * Header lookup.  Field names compare case-insensitively (RFC 9110 §5.1);
 * values are returned with surrounding whitespace removed.
 */
static bool
http_name_is(const struct http_req *r, const struct http_hdr *h,
    const char *name)
{
	return h->name.len == strlen(name) &&
	    strncasecmp((const char *)r->base + h->name.off, name,
	    h->name.len) == 0;
}

size_t
http_header_count(const struct http_req *r, const char *name)
{
	size_t	 i, n = 0;

	for (i = 0; i < r->nhdr; i++)
		if (http_name_is(r, &r->hdr[i], name))
			n++;
	return n;
}

/* The first header called name; false when there is none. */
bool
http_header(const struct http_req *r, const char *name, const char **val,
    size_t *len)
{
	return http_header_nth(r, name, 0, val, len);
}

/* The header called name after nth others of that name (0: the first). */
bool
http_header_nth(const struct http_req *r, const char *name, size_t nth,
    const char **val, size_t *len)
{
	size_t	 i;

	for (i = 0; i < r->nhdr; i++) {
		if (!http_name_is(r, &r->hdr[i], name) || nth-- > 0)
			continue;
		*val = (const char *)r->base + r->hdr[i].value.off;
		*len = r->hdr[i].value.len;
		while (*len > 0 && ((*val)[*len - 1] == ' ' ||
		    (*val)[*len - 1] == '\t'))
			(*len)--;
		return true;
	}
	return false;
}

/*
 * Next element of a comma-separated list (RFC 9110 §5.6.1) in [*p, end):
 * empty elements and optional whitespace are skipped.  Advances *p.
 */
bool
http_next_token(const char **p, const char *end, const char **tok,
    size_t *len)
{
	const char	*s = *p, *e;

	while (s < end && (*s == ' ' || *s == '\t' || *s == ','))
		s++;
	if (s == end) {
		*p = s;
		return false;
	}
	e = s;
	while (e < end && *e != ',')
		e++;
	*p = e;
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	*tok = s;
	*len = (size_t)(e - s);
	return true;
}

/*
 * Does any header called name list token?  Connection and Upgrade tokens
 * compare case-insensitively (RFC 9110 §7.6.1, §7.8); subprotocol names
 * do not (RFC 6455 §4.1: the reply must be one of the offered values).
 */
bool
http_has_token(const struct http_req *r, const char *name, const char *token,
    bool casefold)
{
	const char	*p, *end, *tok;
	size_t		 i, len, tlen = strlen(token);

	for (i = 0; i < r->nhdr; i++) {
		if (!http_name_is(r, &r->hdr[i], name))
			continue;
		p = (const char *)r->base + r->hdr[i].value.off;
		end = p + r->hdr[i].value.len;
		while (http_next_token(&p, end, &tok, &len))
			if (len == tlen && (casefold ?
			    strncasecmp(tok, token, len) :
			    strncmp(tok, token, len)) == 0)
				return true;
	}
	return false;
}
