/*
 * head.h: the unit tests' way to parse a whole request head written as a
 * C string (http.c, as wsinetd parses it).
 */
#ifndef HEAD_H
#define HEAD_H

#include <stdbool.h>
#include <string.h>

#include "http.h"

/* Initialise r and feed it head: true when it parsed, complete. */
static inline bool
head_parse(struct http_req *r, const char *head)
{
	size_t	 n = 0;

	http_req_init(r);
	return http_req_feed(r, (const uint8_t *)head, strlen(head), &n) ==
	    0 && r->done;
}

#endif
