/*
 * t_wskey.c: Sec-WebSocket-Key validation and the accept value, with
 * RFC 6455 §1.3's own example.
 */
#include <string.h>

#include "check.h"
#include "wskey.h"

static int
accept_is(const char *key, const char *want)
{
	char	 out[WSKEY_ACCEPT_LEN + 1];

	wskey_accept(key, strlen(key), out);
	return strcmp(out, want) == 0;
}

int
main(void)
{
	const char *rfc = "dGhlIHNhbXBsZSBub25jZQ==";

	check(accept_is(rfc, "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="));
	check(wskey_valid(rfc, strlen(rfc)));
	check(wskey_valid("AAAAAAAAAAAAAAAAAAAAAA==", 24));
	check(wskey_valid("/////////////////////w==", 24));
	check(!wskey_valid("", 0));
	check(!wskey_valid("dGhlIHNhbXBsZSBub25jZQ", 22));	/* no pad */
	check(!wskey_valid("dGhlIHNhbXBsZSBub25jZQ=", 23));
	check(!wskey_valid("dGhlIHNhbXBsZSBub25jZQ===", 25));
	check(!wskey_valid("dGhlIHNhbXBsZSBub25j", 20));	/* 15 bytes */
	check(!wskey_valid("dGhlIHNhbXBsZSBub25jZQ!=", 24));
	check(!wskey_valid("dGhlIHNhbXBsZSBub2 jZQ==", 24));
	check(!wskey_valid("dGhlIHNhbXBsZSBub25jZXh4", 24));	/* 18 bytes */
	check(!wskey_valid("dGhlIHNhbXBsZSBub25jZQ==\0", 25));
	return check_summary("t_wskey");
}
