/*
 * pmd_offer.h: permessage-deflate negotiation (RFC 7692 §5, §7.1): the
 * client's Sec-WebSocket-Extensions offers in, the one we accept and our
 * response header value out.  No I/O, no allocation.
 */
#ifndef PMD_OFFER_H
#define PMD_OFFER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PMD_MIN_BITS		8	/* §7.1.2: window bits 8..15 */
#define PMD_MAX_BITS		15
#define PMD_RESPONSE_MAX	160	/* longest pmd_offer_format() output */

/* What both ends agreed on; the response says exactly this. */
struct pmd_params {
	bool		 server_no_context_takeover;
	bool		 client_no_context_takeover;
	uint8_t		 server_max_window_bits;	/* 0 = not in response */
	uint8_t		 client_max_window_bits;	/* 0 = not in response */
};

/* The first acceptable offer over all header lines, fed in order. */
struct pmd_offer {
	bool		 accepted;
	struct pmd_params params;
};

int	 pmd_offer_feed(struct pmd_offer *, const char *, size_t);
size_t	 pmd_offer_format(const struct pmd_params *, char *, size_t);

#endif
