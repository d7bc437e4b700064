/*
 * t_pmd_offer.c: the permessage-deflate negotiation table (RFC 7692 §7.1):
 * each offer a client can make, several offers in one header and over
 * several lines, malformed ones, and the exact response value we send.
 */
#include <string.h>

#include "check.h"
#include "pmd_offer.h"

#define DECLINE		""		/* valid header, no extension */
#define BAD		NULL		/* 400 */

struct row {
	const char	*lines[3];	/* Sec-WebSocket-Extensions lines */
	const char	*want;		/* response value, DECLINE or BAD */
};

static const struct row rows[] = {
	/* One parameter at a time. */
	{ { "permessage-deflate" }, "permessage-deflate" },
	{ { "permessage-deflate; server_no_context_takeover" },
	  "permessage-deflate; server_no_context_takeover" },
	{ { "permessage-deflate; client_no_context_takeover" },
	  "permessage-deflate; client_no_context_takeover" },
	{ { "permessage-deflate; client_max_window_bits" },
	  "permessage-deflate" },
	{ { "permessage-deflate; client_max_window_bits=10" },
	  "permessage-deflate; client_max_window_bits=10" },
	{ { "permessage-deflate; client_max_window_bits=8" },
	  "permessage-deflate; client_max_window_bits=8" },
	{ { "permessage-deflate; server_max_window_bits=9" },
	  "permessage-deflate; server_max_window_bits=9" },
	{ { "permessage-deflate; server_max_window_bits=15" },
	  "permessage-deflate; server_max_window_bits=15" },
	/* zlib cannot make a raw 256-byte window: decline that offer. */
	{ { "permessage-deflate; server_max_window_bits=8" }, DECLINE },
	/* All four, in either order; the response has a fixed order. */
	{ { "permessage-deflate; client_max_window_bits=12; "
	    "server_max_window_bits=11; client_no_context_takeover; "
	    "server_no_context_takeover" },
	  "permessage-deflate; server_no_context_takeover; "
	  "client_no_context_takeover; server_max_window_bits=11; "
	  "client_max_window_bits=12" },
	{ { "permessage-deflate;server_no_context_takeover;"
	    "client_max_window_bits" },
	  "permessage-deflate; server_no_context_takeover" },
	/* Chromium's and python-websockets' offers. */
	{ { "permessage-deflate; client_max_window_bits" },
	  "permessage-deflate" },
	{ { "permessage-deflate; server_max_window_bits=12; "
	    "client_max_window_bits=12" },
	  "permessage-deflate; server_max_window_bits=12; "
	  "client_max_window_bits=12" },
	/* Quoted values are the same token (RFC 6455 §9.1). */
	{ { "permessage-deflate; server_max_window_bits=\"10\"" },
	  "permessage-deflate; server_max_window_bits=10" },
	{ { "permessage-deflate; client_max_window_bits=\"1\\5\"" },
	  "permessage-deflate; client_max_window_bits=15" },
	/* Invalid parameters decline the offer, not the request. */
	{ { "permessage-deflate; server_max_window_bits" }, DECLINE },
	{ { "permessage-deflate; server_max_window_bits=16" }, DECLINE },
	{ { "permessage-deflate; server_max_window_bits=7" }, DECLINE },
	{ { "permessage-deflate; server_max_window_bits=010" }, DECLINE },
	{ { "permessage-deflate; server_max_window_bits=1x" }, DECLINE },
	{ { "permessage-deflate; client_max_window_bits=0" }, DECLINE },
	{ { "permessage-deflate; client_max_window_bits=\"\"" }, DECLINE },
	{ { "permessage-deflate; server_no_context_takeover=1" }, DECLINE },
	{ { "permessage-deflate; client_no_context_takeover=\"x\"" }, DECLINE },
	{ { "permessage-deflate; server_no_context_takeover; "
	    "server_no_context_takeover" }, DECLINE },
	{ { "permessage-deflate; client_max_window_bits=9; "
	    "client_max_window_bits=10" }, DECLINE },
	{ { "permessage-deflate; x_unknown" }, DECLINE },
	{ { "permessage-deflate; Server_No_Context_Takeover" }, DECLINE },
	{ { "Permessage-Deflate" }, DECLINE },
	{ { "x-webkit-deflate-frame" }, DECLINE },
	{ { "" }, DECLINE },
	{ { " , ,, " }, DECLINE },
	/* Several offers: the first we can honour wins (§5). */
	{ { "permessage-deflate; server_max_window_bits=8, "
	    "permessage-deflate; server_max_window_bits=10, "
	    "permessage-deflate" },
	  "permessage-deflate; server_max_window_bits=10" },
	{ { "permessage-deflate; bogus, permessage-deflate; "
	    "client_no_context_takeover" },
	  "permessage-deflate; client_no_context_takeover" },
	{ { "foo; a=1; b=\"x, y; z\", permessage-deflate" },
	  "permessage-deflate" },
	{ { "permessage-deflate; server_no_context_takeover, "
	    "permessage-deflate" },
	  "permessage-deflate; server_no_context_takeover" },
	/* Over several header lines, in order. */
	{ { "x-foo", "permessage-deflate; server_max_window_bits=8",
	    "permessage-deflate; client_max_window_bits=9" },
	  "permessage-deflate; client_max_window_bits=9" },
	{ { "permessage-deflate", "permessage-deflate; "
	    "server_no_context_takeover" },
	  "permessage-deflate" },
	/* Not an extension list: 400, even after a good offer. */
	{ { "permessage-deflate;" }, BAD },
	{ { "; permessage-deflate" }, BAD },
	{ { "permessage-deflate; =10" }, BAD },
	{ { "permessage-deflate; server_max_window_bits=" }, BAD },
	{ { "permessage-deflate; server_max_window_bits=\"10" }, BAD },
	{ { "permessage-deflate; client_max_window_bits=\"1\\" }, BAD },
	{ { "permessage-deflate server_no_context_takeover" }, BAD },
	{ { "permessage-deflate; a=b=c" }, BAD },
	{ { "permessage-deflate; a=\"b\"c" }, BAD },
	{ { "perm@ssage-deflate" }, BAD },
	{ { "permessage-deflate", "permessage-deflate;;" }, BAD },
	{ { "permessage-deflate; a=\"\x01\"" }, BAD },
};

/* Feed a row's lines, each line as given; the answer as a string. */
static const char *
negotiate(const struct row *r, char *out, size_t n)
{
	struct pmd_offer o;
	size_t		 i;

	memset(&o, 0, sizeof(o));
	for (i = 0; i < 3 && r->lines[i] != NULL; i++)
		if (pmd_offer_feed(&o, r->lines[i], strlen(r->lines[i])) != 0)
			return BAD;
	if (!o.accepted)
		return DECLINE;
	if (pmd_offer_format(&o.params, out, n) == 0)
		return "(does not fit)";
	return out;
}

int
main(void)
{
	char		 out[PMD_RESPONSE_MAX];
	const char	*got;
	size_t		 i;
	struct pmd_params all = { true, true, 15, 15 };

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		got = negotiate(&rows[i], out, sizeof(out));
		if (rows[i].want == BAD || got == BAD) {
			check(got == rows[i].want);
			if (got != rows[i].want)
				fprintf(stderr, "  row %zu: %s\n", i,
				    got == BAD ? "400" : got);
			continue;
		}
		check(strcmp(got, rows[i].want) == 0);
		if (strcmp(got, rows[i].want) != 0)
			fprintf(stderr, "  row %zu: got \"%s\"\n", i, got);
	}

	/* The longest response fits PMD_RESPONSE_MAX, and no less. */
	check(pmd_offer_format(&all, out, sizeof(out)) > 0);
	check(pmd_offer_format(&all, out, strlen(out)) == 0);
	return check_summary("t_pmd_offer");
}
