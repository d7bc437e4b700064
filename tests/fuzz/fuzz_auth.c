/*
 * fuzz_auth.c: the --auth-file parsers (auth_basic.c) on arbitrary bytes,
 * as an Authorization value and as a line of the file.  Beyond not
 * crashing: accepted credentials fit their limits, the user name has no
 * ':' and neither part a control character, and encoding them again
 * (canonical base64) parses back to the same two strings; a refused value
 * leaves nothing behind in the result.  An accepted file line has a user
 * name the access line can show as one word and a hash of a kind we check.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "auth_basic.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
b64(const unsigned char *s, size_t n, char *out)
{
	static const char a[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t	 i, o = 0;
	unsigned v;

	for (i = 0; i < n; i += 3) {
		v = (unsigned)s[i] << 16 | (i + 1 < n ? s[i + 1] : 0u) << 8 |
		    (i + 2 < n ? s[i + 2] : 0u);
		out[o++] = a[v >> 18 & 63];
		out[o++] = a[v >> 12 & 63];
		out[o++] = i + 1 < n ? a[v >> 6 & 63] : '=';
		out[o++] = i + 2 < n ? a[v & 63] : '=';
	}
	out[o] = '\0';
}

static void
check_cred(const struct auth_cred *c)
{
	unsigned char	 raw[AUTH_USER_MAX + 1 + AUTH_PASS_MAX];
	char		 val[8 + 4 * sizeof(raw) / 3 + 4];
	struct auth_cred again;
	size_t		 i;

	if (c->ulen == 0 || c->ulen > AUTH_USER_MAX ||
	    c->plen > AUTH_PASS_MAX || strlen(c->user) != c->ulen ||
	    memchr(c->user, ':', c->ulen) != NULL)
		abort();
	for (i = 0; i < c->ulen; i++)
		if ((unsigned char)c->user[i] < 0x20 || c->user[i] == 0x7f)
			abort();
	for (i = 0; i < c->plen; i++)
		if ((unsigned char)c->pass[i] < 0x20 || c->pass[i] == 0x7f)
			abort();
	memcpy(raw, c->user, c->ulen);
	raw[c->ulen] = ':';
	memcpy(raw + c->ulen + 1, c->pass, c->plen);
	memcpy(val, "Basic ", 6);
	b64(raw, c->ulen + 1 + c->plen, val + 6);
	if (strlen(val) > AUTH_VALUE_MAX)
		return;			/* accepted only with extra blanks */
	if (auth_basic_parse(val, strlen(val), &again) != AUTH_OK ||
	    again.ulen != c->ulen || again.plen != c->plen ||
	    memcmp(again.user, c->user, c->ulen) != 0 ||
	    memcmp(again.pass, c->pass, c->plen) != 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct auth_cred c;
	static const struct auth_cred zero;
	char		*line, *u, *h;
	const char	*why;

	if (auth_basic_parse((const char *)data, size, &c) == AUTH_OK)
		check_cred(&c);
	else if (memcmp(&c, &zero, sizeof(c)) != 0)
		abort();
	if ((line = malloc(size + 1)) == NULL)
		return 0;
	memcpy(line, data, size);
	line[size] = '\0';
	switch (auth_line_parse(line, &u, &h, &why)) {
	case AUTH_LINE_OK:
		if (!auth_user_name_ok(u, strlen(u)) ||
		    auth_hash_kind(h) == NULL || strlen(h) > AUTH_HASH_MAX)
			abort();
		break;
	case AUTH_LINE_BAD:
		if (why == NULL || *why == '\0')
			abort();
		break;
	case AUTH_LINE_SKIP:
		break;
	}
	free(line);
	return 0;
}
