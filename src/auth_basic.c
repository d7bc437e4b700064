/*
 * auth_basic.c: the pure half of --auth-file.  auth_basic_parse() turns
 * an Authorization value into a user name and a password (RFC 7617 §2:
 * "Basic" 1*SP token68, the token being base64 of user-id ":" password);
 * auth_line_parse() splits a line of the file into a user name and a
 * crypt(3) hash.  Bytes in, results out: no reads, no allocation, no
 * logging, so the unit test t_auth_basic and the fuzz harness fuzz_auth
 * call them directly (STYLE.md habit 3).  Checking a password against a
 * hash is libcrypt's (auth.c), never ours.
 */
#include <string.h>
#include <strings.h>

#include "auth_basic.h"
#include "text.h"

/* RFC 4648 §4 alphabet: the value of c, or -1. */
static int
auth_b64_value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/*
 * Strict base64 (RFC 4648 §4): groups of four, '=' only to pad the last
 * one, the unused bits of a padded group zero (§3.5: a decoder may reject
 * what an encoder never makes).  Returns the decoded length, or -1.
 */
static long
auth_b64_decode(const char *s, size_t n, unsigned char *out, size_t outsize)
{
	size_t		 i, o = 0, pad = 0;
	unsigned long	 acc;
	int		 v, k;

	if (n == 0 || n % 4 != 0)
		return -1;
	if (s[n - 1] == '=')
		pad = s[n - 2] == '=' ? 2 : 1;
	if (n / 4 * 3 - pad > outsize)
		return -1;
	for (i = 0; i < n; i += 4) {
		acc = 0;
		for (k = 0; k < 4; k++) {
			if (i + (size_t)k >= n - pad) {
				v = 0;		/* padding, last group only */
			} else if ((v = auth_b64_value(
			    (unsigned char)s[i + k])) < 0)
				return -1;
			acc = acc << 6 | (unsigned long)v;
		}
		if (i + 4 < n || pad == 0) {
			out[o++] = (unsigned char)(acc >> 16);
			out[o++] = (unsigned char)(acc >> 8);
			out[o++] = (unsigned char)acc;
		} else if (pad == 1) {
			if (acc & 0xff)
				return -1;
			out[o++] = (unsigned char)(acc >> 16);
			out[o++] = (unsigned char)(acc >> 8);
		} else {
			if (acc & 0xffff)
				return -1;
			out[o++] = (unsigned char)(acc >> 16);
		}
	}
	return (long)o;
}

static bool
auth_has_control(const unsigned char *p, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (p[i] < 0x20 || p[i] == 0x7f)
			return true;
	return false;
}

/* After "Basic ": 1*SP token68, decoded into dec, split into c. */
static enum auth_result
auth_basic_split(const char *v, size_t n, unsigned char *dec,
    struct auth_cred *c)
{
	const unsigned char *colon;
	size_t		 i;
	long		 len;

	for (i = 0; i < n && v[i] == ' '; i++)
		;
	if ((len = auth_b64_decode(v + i, n - i, dec, AUTH_VALUE_MAX)) < 0)
		return AUTH_BAD_BASE64;
	if ((colon = memchr(dec, ':', (size_t)len)) == NULL)
		return AUTH_NO_COLON;
	c->ulen = (size_t)(colon - dec);
	c->plen = (size_t)len - c->ulen - 1;
	if (c->ulen == 0)
		return AUTH_EMPTY_USER;
	if (c->ulen > AUTH_USER_MAX || c->plen > AUTH_PASS_MAX)
		return AUTH_TOO_LONG;
	if (auth_has_control(dec, (size_t)len))
		return AUTH_CONTROL;
	memcpy(c->user, dec, c->ulen);
	memcpy(c->pass, colon + 1, c->plen);
	return AUTH_OK;
}

/*
 * The Authorization value v[0..n) (as http_header() returns it: no
 * surrounding blanks) into c.  RFC 9110 §11.1: the scheme is
 * case-insensitive.  RFC 7617 §2: the user-id ends at the first ':' (so
 * it has none; the password may), and neither may hold a control
 * character.  Returns AUTH_OK, or what is wrong (auth_result_why()).
 */
enum auth_result
auth_basic_parse(const char *v, size_t n, struct auth_cred *c)
{
	unsigned char	 dec[AUTH_VALUE_MAX];
	enum auth_result r;

	memset(c, 0, sizeof(*c));
	if (n < 6 || strncasecmp(v, "Basic", 5) != 0 || v[5] != ' ')
		return AUTH_NOT_BASIC;
	if (n > AUTH_VALUE_MAX)
		return AUTH_TOO_LONG;
	r = auth_basic_split(v + 6, n - 6, dec, c);
	explicit_bzero(dec, sizeof(dec));	/* the password, decoded */
	if (r != AUTH_OK)
		explicit_bzero(c, sizeof(*c));
	return r;
}

/* For the log line: what was wrong with the credentials. */
const char *
auth_result_why(enum auth_result r)
{
	switch (r) {
	case AUTH_OK:		return "ok";
	case AUTH_NOT_BASIC:	return "not Basic credentials";
	case AUTH_TOO_LONG:	return "credentials over the length limits";
	case AUTH_BAD_BASE64:	return "credentials not in base64";
	case AUTH_NO_COLON:	return "credentials without a ':'";
	case AUTH_EMPTY_USER:	return "an empty user name";
	case AUTH_CONTROL:	return "a control character in the credentials";
	}
	return "?";
}

/*
 * A user name the file may hold, so that "user=NAME" in the access line
 * is one word: 1 to AUTH_USER_MAX bytes, none of them a control
 * character, a blank, ':' or '"' (UTF-8 beyond ASCII is kept as it is).
 */
bool
auth_user_name_ok(const char *s, size_t n)
{
	size_t	 i;

	if (n == 0 || n > AUTH_USER_MAX)
		return false;
	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch <= 0x20 || ch == 0x7f || ch == ':' || ch == '"')
			return false;
	}
	return true;
}

/*
 * The hashes we check, by their crypt(3) prefix: "yescrypt", "bcrypt" or
 * "sha512crypt"; NULL for anything else (DES, MD5, SHA-256 crypt and
 * Apache's $apr1$ are refused: weak, or not libcrypt's).
 */
const char *
auth_hash_kind(const char *h)
{
	if (strncmp(h, "$y$", 3) == 0)
		return "yescrypt";
	if (strncmp(h, "$2b$", 4) == 0 || strncmp(h, "$2y$", 4) == 0 ||
	    strncmp(h, "$2a$", 4) == 0)
		return "bcrypt";
	if (strncmp(h, "$6$", 3) == 0)
		return "sha512crypt";
	return NULL;
}

/*
 * One line of the file, in place: blanks and a line end around it are
 * dropped; "#..." and blank lines are AUTH_LINE_SKIP.  Otherwise
 * "user:HASH" (htpasswd's format): *user and *hash point into line, or
 * AUTH_LINE_BAD with *why.  Anything after a second ':' (some htpasswd
 * files carry a comment field there) is ignored.
 */
enum auth_line
auth_line_parse(char *line, char **user, char **hash, const char **why)
{
	char	*s = text_trim(line), *colon, *end;

	if (*s == '\0' || *s == '#')
		return AUTH_LINE_SKIP;
	if ((colon = strchr(s, ':')) == NULL) {
		*why = "no ':' (want user:HASH)";
		return AUTH_LINE_BAD;
	}
	*colon = '\0';
	if (!auth_user_name_ok(s, (size_t)(colon - s))) {
		*why = "the user name is empty, over 64 bytes, or has a "
		    "blank, '\"' or control character";
		return AUTH_LINE_BAD;
	}
	if ((end = strchr(colon + 1, ':')) != NULL)
		*end = '\0';
	if (strlen(colon + 1) > AUTH_HASH_MAX) {
		*why = "the hash is over 256 bytes";
		return AUTH_LINE_BAD;
	}
	if (auth_hash_kind(colon + 1) == NULL) {
		*why = "the hash is not yescrypt ($y$), bcrypt ($2b$) or "
		    "SHA-512 crypt ($6$); make one with wsinetd "
		    "--hash-password";
		return AUTH_LINE_BAD;
	}
	*user = s;
	*hash = colon + 1;
	return AUTH_LINE_OK;
}

/*
 * Are a[0..alen) and b[0..blen) the same bytes?  The time taken depends
 * on the lengths only, never on where the first difference is.
 */
bool
auth_ct_equal(const void *a, size_t alen, const void *b, size_t blen)
{
	const volatile unsigned char *p = a, *q = b;
	size_t		 i, n = alen < blen ? alen : blen;
	unsigned char	 d = alen == blen ? 0 : 1;

	for (i = 0; i < n; i++)
		d |= p[i] ^ q[i];
	return d == 0;
}
