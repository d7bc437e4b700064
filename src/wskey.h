/*
 * wskey.h: RFC 6455 §4.2.1 Sec-WebSocket-Key check and §4.2.2
 * Sec-WebSocket-Accept, with nettle's SHA-1 and base64.
 */
#ifndef WSKEY_H
#define WSKEY_H

#include <stdbool.h>
#include <stddef.h>

#define WSKEY_ACCEPT_LEN	28	/* base64 of a 20-byte SHA-1 */

bool	 wskey_valid(const char *, size_t);
void	 wskey_accept(const char *, size_t, char[WSKEY_ACCEPT_LEN + 1]);

#endif
