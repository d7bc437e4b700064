/*
 * record_json.h: the JSON string bodies of a session recording (asciicast
 * v2 lines): bytes in, escaped text out, in pieces; no I/O.
 */
#ifndef RECORD_JSON_H
#define RECORD_JSON_H

#include <stddef.h>
#include <stdint.h>

#define RECORD_JSON_UNIT	6	/* most output for one input char */

size_t	 record_json_escape(const uint8_t *, size_t, char *, size_t,
	    size_t *);
size_t	 record_json_len(const uint8_t *, size_t);
int	 record_json_text(const uint8_t *, size_t, size_t *);

#endif
