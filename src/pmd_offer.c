/*
 * pmd_offer.c: choose a permessage-deflate offer (RFC 7692 §7.1) from the
 * client's Sec-WebSocket-Extensions lines and format our answer.  Sits in
 * upgrade.c's checks, before the 101; owns nothing.
 *
 * The header is an RFC 6455 §9.1 extension-list, parsed strictly (quoted
 * values included, so a ',' or ';' inside quotes is not a separator):
 *
 *   extension-list = 1#( token *( OWS ";" OWS token [ "=" value ] ) )
 *
 * A line that is not such a list is a malformed request (400): no offer in
 * it can be trusted, and answering as if it were absent would hide a broken
 * client.  A syntactically valid permessage-deflate offer that we cannot
 * honour (an unknown or repeated parameter, a bad value, or
 * server_max_window_bits=8, which zlib cannot produce for raw deflate) is
 * declined, and the next offer is tried (§5: the server picks one offer or
 * none).  Other extensions are skipped.
 */
#include <stdio.h>
#include <string.h>

#include "pmd_offer.h"

#define PMD_NAME	"permessage-deflate"
#define VALUE_MAX	16		/* longer values are never valid here */

/* One offer's parameters as the client wrote them. */
struct pmd_req {
	bool		 bad;		/* decline this offer */
	bool		 snct, cnct;	/* *_no_context_takeover seen */
	bool		 smwb_seen, cmwb_seen;
	uint8_t		 smwb, cmwb;	/* value, 0 = given without one */
};

/* RFC 9110 §5.6.2 tchar. */
static bool
pmd_tchar(char ch)
{
	if ((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') ||
	    (ch >= 'A' && ch <= 'Z'))
		return true;
	return ch != '\0' && strchr("!#$%&'*+-.^_`|~", ch) != NULL;
}

static void
pmd_ows(const char **p, const char *end)
{
	while (*p < end && (**p == ' ' || **p == '\t'))
		(*p)++;
}

/* A token at *p: its length (0 when there is none); advances *p. */
static size_t
pmd_token(const char **p, const char *end)
{
	const char	*s = *p;

	while (*p < end && pmd_tchar(**p))
		(*p)++;
	return (size_t)(*p - s);
}

/*
 * A token or quoted-string value at *p, unescaped into val (NUL-terminated,
 * truncated to VALUE_MAX - 1 with *len still the full length).  Returns
 * false when there is neither.
 */
static bool
pmd_value(const char **p, const char *end, char *val, size_t *len)
{
	const char	*s = *p;
	size_t		 n = 0;

	if (*p < end && **p == '"') {
		for ((*p)++; *p < end && **p != '"'; (*p)++) {
			if (**p == '\\' && ++(*p) == end)
				return false;
			/* qdtext and quoted-pair: no controls but HTAB. */
			if ((unsigned char)**p < 0x20 && **p != '\t')
				return false;
			if ((unsigned char)**p == 0x7f)
				return false;
			if (n < VALUE_MAX - 1)
				val[n] = **p;
			n++;
		}
		if (*p == end)
			return false;
		(*p)++;
	} else {
		if ((n = pmd_token(p, end)) == 0)
			return false;
		memcpy(val, s, n < VALUE_MAX - 1 ? n : VALUE_MAX - 1);
	}
	val[n < VALUE_MAX - 1 ? n : VALUE_MAX - 1] = '\0';
	*len = n;
	return true;
}

/* §7.1.2.1/2: "8" to "15", decimal without leading zeros; else 0. */
static uint8_t
pmd_bits(const char *val, size_t len)
{
	if (len == 1 && (val[0] == '8' || val[0] == '9'))
		return (uint8_t)(val[0] - '0');
	if (len == 2 && val[0] == '1' && val[1] >= '0' && val[1] <= '5')
		return (uint8_t)(10 + val[1] - '0');
	return 0;
}

static bool
pmd_is(const char *name, size_t len, const char *want)
{
	return len == strlen(want) && memcmp(name, want, len) == 0;
}

/* Record one parameter of a permessage-deflate offer (§7.1). */
static void
pmd_param(struct pmd_req *q, const char *name, size_t nlen, bool has_val,
    const char *val, size_t vlen)
{
	uint8_t	 bits = has_val ? pmd_bits(val, vlen) : 0;

	if (pmd_is(name, nlen, "server_no_context_takeover")) {
		q->bad |= q->snct || has_val;		/* §7.1.1.1 */
		q->snct = true;
	} else if (pmd_is(name, nlen, "client_no_context_takeover")) {
		q->bad |= q->cnct || has_val;		/* §7.1.1.2 */
		q->cnct = true;
	} else if (pmd_is(name, nlen, "server_max_window_bits")) {
		q->bad |= q->smwb_seen || bits == 0;	/* §7.1.2.1 */
		q->smwb_seen = true;
		q->smwb = bits;
	} else if (pmd_is(name, nlen, "client_max_window_bits")) {
		/* §7.1.2.2: the value is optional in an offer. */
		q->bad |= q->cmwb_seen || (has_val && bits == 0);
		q->cmwb_seen = true;
		q->cmwb = bits;
	} else
		q->bad = true;				/* §7.1: unknown */
}

/*
 * Our answer to an offer (§7.1), or false to decline it.  The response
 * names every parameter the client asked about, so the agreement is
 * explicit; we never add one it did not offer.
 */
static bool
pmd_accept(const struct pmd_req *q, struct pmd_params *out)
{
	memset(out, 0, sizeof(*out));
	if (q->bad)
		return false;
	/* zlib's raw deflate has no 256-byte window (it would use 512). */
	if (q->smwb_seen && q->smwb < 9)
		return false;
	out->server_no_context_takeover = q->snct;	/* MUST echo */
	out->client_no_context_takeover = q->cnct;	/* MAY echo */
	out->server_max_window_bits = q->smwb_seen ? q->smwb : 0;
	out->client_max_window_bits = q->cmwb;		/* only with a value */
	return true;
}

/*
 * Feed one Sec-WebSocket-Extensions line, s[0..n).  The first acceptable
 * permessage-deflate offer over all lines, in order, lands in o.  Returns
 * 0, or 400 when the line is not an extension-list.
 */
int
pmd_offer_feed(struct pmd_offer *o, const char *s, size_t n)
{
	const char	*p = s, *end = s + n, *ext, *name;
	char		 val[VALUE_MAX];
	size_t		 elen, nlen, vlen;
	struct pmd_req	 q;
	struct pmd_params params;
	bool		 has_val;

	for (;;) {
		/* RFC 9110 §5.6.1: empty list elements are allowed. */
		while (p < end && (*p == ' ' || *p == '\t' || *p == ','))
			p++;
		if (p == end)
			return 0;
		ext = p;
		if ((elen = pmd_token(&p, end)) == 0)
			return 400;
		memset(&q, 0, sizeof(q));
		pmd_ows(&p, end);
		while (p < end && *p == ';') {
			p++;
			pmd_ows(&p, end);
			name = p;
			if ((nlen = pmd_token(&p, end)) == 0)
				return 400;
			pmd_ows(&p, end);
			has_val = false;
			vlen = 0;
			val[0] = '\0';
			if (p < end && *p == '=') {
				p++;
				pmd_ows(&p, end);
				if (!pmd_value(&p, end, val, &vlen))
					return 400;
				has_val = true;
				pmd_ows(&p, end);
			}
			pmd_param(&q, name, nlen, has_val, val, vlen);
		}
		if (p < end && *p != ',')
			return 400;
		if (!o->accepted && pmd_is(ext, elen, PMD_NAME) &&
		    pmd_accept(&q, &params)) {
			o->accepted = true;
			o->params = params;
		}
	}
}

/*
 * The Sec-WebSocket-Extensions value for p into out (size n), as
 * "permessage-deflate; server_no_context_takeover; ...".  Returns its
 * length, or 0 when it does not fit (PMD_RESPONSE_MAX always does).
 */
size_t
pmd_offer_format(const struct pmd_params *p, char *out, size_t n)
{
	char	 sbits[32] = "", cbits[32] = "";
	int	 len;

	if (p->server_max_window_bits)
		snprintf(sbits, sizeof(sbits), "; server_max_window_bits=%u",
		    p->server_max_window_bits);
	if (p->client_max_window_bits)
		snprintf(cbits, sizeof(cbits), "; client_max_window_bits=%u",
		    p->client_max_window_bits);
	len = snprintf(out, n, PMD_NAME "%s%s%s%s",
	    p->server_no_context_takeover ? "; server_no_context_takeover" : "",
	    p->client_no_context_takeover ? "; client_no_context_takeover" : "",
	    sbits, cbits);
	if (len < 0 || (size_t)len >= n)
		return 0;
	return (size_t)len;
}
