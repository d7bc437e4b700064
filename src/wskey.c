/*
 * wskey.c: the opening handshake's key arithmetic (RFC 6455 §4.2.1-2).
 * Pure functions over the key bytes; upgrade.c decides what to answer.
 */
#include <string.h>

#include <nettle/base64.h>
#include <nettle/sha1.h>

#include "wskey.h"

/* §1.3: the GUID every server appends to the client's key. */
static const char ws_guid[] = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

/*
 * §4.2.1 item 5: the key is base64 that decodes to exactly 16 bytes, which
 * is exactly 24 characters with "==" padding.  Nothing else is accepted.
 */
bool
wskey_valid(const char *key, size_t len)
{
	struct base64_decode_ctx ctx;
	uint8_t	 raw[BASE64_DECODE_LENGTH(24)];
	size_t	 n = sizeof(raw), i;

	if (len != 24 || key[22] != '=' || key[23] != '=')
		return false;
	for (i = 0; i < 22; i++) {
		char c = key[i];

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '+' || c == '/'))
			return false;
	}
	base64_decode_init(&ctx);
	if (!base64_decode_update(&ctx, &n, raw, len, key) ||
	    !base64_decode_final(&ctx))
		return false;
	return n == 16;
}

/* §4.2.2 item 5.4: base64(SHA-1(key || GUID)) into out, NUL-terminated. */
void
wskey_accept(const char *key, size_t len, char out[WSKEY_ACCEPT_LEN + 1])
{
	struct sha1_ctx	 ctx;
	uint8_t		 digest[SHA1_DIGEST_SIZE];

	sha1_init(&ctx);
	sha1_update(&ctx, len, (const uint8_t *)key);
	sha1_update(&ctx, sizeof(ws_guid) - 1, (const uint8_t *)ws_guid);
	sha1_digest(&ctx, sizeof(digest), digest);
	base64_encode_raw(out, sizeof(digest), digest);
	out[WSKEY_ACCEPT_LEN] = '\0';
}
