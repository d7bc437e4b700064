/*
 * upgrade.c: decide whether the request is a WebSocket opening handshake
 * we accept (RFC 6455 §4.2.1), choose the subprotocol, and queue the 101
 * (§4.2.2).  Refusals return DESIGN.md's status and a reason for the log.
 * Host is required but never compared with our own address or port: the
 * process never listened and a proxy may have rewritten it.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "http.h"
#include "log.h"
#include "pmd_offer.h"
#include "upgrade.h"
#include "wskey.h"
#include "wsinetd.h"

/* Without --subprotocol, "binary" is accepted (websockify, noVNC). */
static const char *const upgrade_default_protocols[] = { "binary" };

/*
 * §4.2.2 item 5.4: pick the first of our protocols (in our order of
 * preference) that the client offered.  Returns 0 (c->subprotocol set,
 * or NULL when the client offered none) or 400 when it offered only
 * protocols we do not speak: answering without one would make the
 * browser fail the connection with a less helpful message.
 */
static int
upgrade_subprotocol(struct conn *c)
{
	const char *const *ours = cfg.subprotocols;
	size_t		 n = cfg.nsubprotocols, i;

	if (http_header_count(&c->req, "Sec-WebSocket-Protocol") == 0)
		return 0;
	if (n == 0) {
		ours = upgrade_default_protocols;
		n = 1;
	}
	for (i = 0; i < n; i++) {
		if (http_has_token(&c->req, "Sec-WebSocket-Protocol",
		    ours[i], false)) {
			c->subprotocol = ours[i];
			return 0;
		}
	}
	return 400;
}

/*
 * --compress: RFC 7692 §5 and §7.1, the first permessage-deflate offer we
 * can honour, over every Sec-WebSocket-Extensions line in order; none is
 * fine (no extension).  Returns 0, or 400 for a line that is not an
 * extension list at all (RFC 6455 §9.1).  Without --compress the header
 * is not read: extensions we never answer cannot matter.
 */
static int
upgrade_extensions(struct conn *c)
{
	struct pmd_offer o = { 0 };
	const char	*val;
	size_t		 len, i;

	if (!cfg.compress)
		return 0;
	for (i = 0; http_header_nth(&c->req, "Sec-WebSocket-Extensions", i,
	    &val, &len); i++)
		if (pmd_offer_feed(&o, val, len) != 0)
			return 400;
	c->pmd_on = o.accepted;
	c->pmd_params = o.params;
	return 0;
}

/*
 * Does the request ask for a WebSocket at all?  Requests that do not may
 * be static files (--web); the rest get upgrade_check()'s statuses.
 */
bool
upgrade_requested(const struct http_req *r)
{
	return http_has_token(r, "Upgrade", "websocket", true) ||
	    http_header_count(r, "Sec-WebSocket-Key") > 0;
}

/*
 * Returns 0 when the upgrade may go ahead, else the status to refuse with
 * and *why, a phrase for the log line.
 */
int
upgrade_check(struct conn *c, const char **why)
{
	const struct http_req *r = &c->req;
	const char	*key;
	size_t		 keylen;

	if (r->method != HTTP_GET) {
		*why = "method is not GET";
		return 405;
	}
	if (r->major < 1 || (r->major == 1 && r->minor < 1)) {
		*why = "HTTP version below 1.1";
		return 400;
	}
	if (http_header_count(r, "Host") != 1) {
		*why = "not exactly one Host header";
		return 400;
	}
	if (!http_has_token(r, "Upgrade", "websocket", true) ||
	    !http_has_token(r, "Connection", "upgrade", true)) {
		*why = "not a WebSocket upgrade";
		return 426;
	}
	if (!http_has_token(r, "Sec-WebSocket-Version", "13", false) ||
	    http_header_count(r, "Sec-WebSocket-Version") != 1) {
		*why = "Sec-WebSocket-Version is not 13";
		return 426;
	}
	if (http_header_count(r, "Sec-WebSocket-Key") != 1 ||
	    !http_header(r, "Sec-WebSocket-Key", &key, &keylen) ||
	    !wskey_valid(key, keylen)) {
		*why = "Sec-WebSocket-Key is not one base64 16-byte nonce";
		return 400;
	}
	if (upgrade_subprotocol(c) != 0) {
		*why = "none of the offered subprotocols is ours "
		    "(see --subprotocol)";
		return 400;
	}
	if (upgrade_extensions(c) != 0) {
		*why = "malformed Sec-WebSocket-Extensions";
		return 400;
	}
	return 0;
}

/* Queue the 101 in c->to_client; the relay sends it before any frame. */
void
upgrade_accept(struct conn *c)
{
	char		 accept[WSKEY_ACCEPT_LEN + 1];
	char		 ext[PMD_RESPONSE_MAX] = "";
	const char	*key;
	size_t		 keylen, room;
	int		 len;

	http_header(&c->req, "Sec-WebSocket-Key", &key, &keylen);
	wskey_accept(key, keylen, accept);
	if (c->pmd_on && pmd_offer_format(&c->pmd_params, ext,
	    sizeof(ext)) == 0)
		fatalx(EXIT_FAIL, "%s: extension response does not fit",
		    c->peer);
	room = buf_tail_room(&c->to_client, 512);
	len = snprintf((char *)buf_tail(&c->to_client), room,
	    "HTTP/1.1 101 Switching Protocols\r\n"
	    "Upgrade: websocket\r\n"
	    "Connection: Upgrade\r\n"
	    "Sec-WebSocket-Accept: %s\r\n"
	    "%s%s%s"
	    "%s%s%s"
	    "\r\n", accept,
	    c->subprotocol ? "Sec-WebSocket-Protocol: " : "",
	    c->subprotocol ? c->subprotocol : "",
	    c->subprotocol ? "\r\n" : "",
	    c->pmd_on ? "Sec-WebSocket-Extensions: " : "", ext,
	    c->pmd_on ? "\r\n" : "");
	if (len < 0 || (size_t)len >= room)
		fatalx(EXIT_FAIL, "%s: 101 response does not fit", c->peer);
	c->to_client.end += (size_t)len;
	c->status = 101;
}
