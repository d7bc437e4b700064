/*
 * utf8.h: incremental UTF-8 validation (RFC 3629 §4), state in, state out,
 * so a text message can be checked piece by piece as it streams through.
 */
#ifndef UTF8_H
#define UTF8_H

#include <stddef.h>
#include <stdint.h>

enum utf8_result {
	UTF8_OK,	/* everything so far is complete and valid */
	UTF8_PARTIAL,	/* valid so far, ends inside a sequence */
	UTF8_BAD,	/* invalid: can never become valid */
};

struct utf8 {
	uint8_t	 need;		/* continuation bytes still expected */
	uint8_t	 lo, hi;	/* bounds for the next continuation byte */
};

int	 utf8_feed(struct utf8 *, const uint8_t *, size_t);
size_t	 utf8_complete_len(const uint8_t *, size_t);

#endif
