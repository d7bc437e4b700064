/*
 * t_auth_basic.c: HTTP Basic credentials (RFC 7617's own examples first)
 * and --auth-file lines.  Each Authorization vector is parsed as a value,
 * and inside a request head fed to http.c whole, byte by byte and cut at
 * every offset (STYLE.md habit 12): the header wsinetd parses is the one
 * the client sent, however it arrived.  Every proper prefix of a valid
 * value must give other credentials or an error, never the same ones.
 */
#include <stdlib.h>
#include <string.h>

#include "auth_basic.h"
#include "check.h"
#include "http.h"

struct vec {
	const char	*value;
	enum auth_result want;
	const char	*user, *pass;	/* AUTH_OK */
};

static const struct vec vecs[] = {
	/* RFC 7617 §2 and §2.1 */
	{ "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==", AUTH_OK, "Aladdin",
	    "open sesame" },
	{ "Basic dGVzdDoxMjPCow==", AUTH_OK, "test", "123\xc2\xa3" },
	/* RFC 9110 §11.1: the scheme in any case; 1*SP */
	{ "basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==", AUTH_OK, "Aladdin",
	    "open sesame" },
	{ "BASIC   QWxhZGRpbjpvcGVuIHNlc2FtZQ==", AUTH_OK, "Aladdin",
	    "open sesame" },
	/* the password may have ':' and be empty; one pad, none */
	{ "Basic YTpiOmM=", AUTH_OK, "a", "b:c" },
	{ "Basic YTo=", AUTH_OK, "a", "" },
	{ "Basic YWI6Y2Rl", AUTH_OK, "ab", "cde" },

	{ "Bearer QWxhZGRpbjpvcGVuIHNlc2FtZQ==", AUTH_NOT_BASIC, NULL, NULL },
	{ "Basic", AUTH_NOT_BASIC, NULL, NULL },
	{ "BasicQWxhZGRpbjpvcGVuIHNlc2FtZQ==", AUTH_NOT_BASIC, NULL, NULL },
	{ "Basic\tQWxhZGRpbjpvcGVuIHNlc2FtZQ==", AUTH_NOT_BASIC, NULL, NULL },
	{ "Digest username=\"a\"", AUTH_NOT_BASIC, NULL, NULL },
	{ "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ", AUTH_BAD_BASE64, NULL, NULL },
	{ "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=", AUTH_BAD_BASE64, NULL, NULL },
	{ "Basic QWxh=GRpbjpvcGVuIHNlc2FtZQ==", AUTH_BAD_BASE64, NULL, NULL },
	{ "Basic QWxhZGRpbjpvcGVu IHNlc2FtZQ==", AUTH_BAD_BASE64, NULL, NULL },
	{ "Basic QWxhZGRpbjpvcGVuIHNlc2FtZR==", AUTH_BAD_BASE64, NULL, NULL },
	{ "Basic YTpiOmN=", AUTH_BAD_BASE64, NULL, NULL },
	{ "Basic ====", AUTH_BAD_BASE64, NULL, NULL },
	{ "Basic YQ-6Yg==", AUTH_BAD_BASE64, NULL, NULL },	/* base64url */
	{ "Basic YWxhZGRpbg==", AUTH_NO_COLON, NULL, NULL },
	{ "Basic OnBhc3M=", AUTH_EMPTY_USER, NULL, NULL },
	{ "Basic YTpiAGM=", AUTH_CONTROL, NULL, NULL },		/* NUL */
	{ "Basic YQo6Yg==", AUTH_CONTROL, NULL, NULL },		/* LF */
	{ "Basic YTp/", AUTH_CONTROL, NULL, NULL },		/* DEL */
};

/* base64 of s, for the length-limit vectors. */
static void
b64(const unsigned char *s, size_t n, char *out)
{
	static const char a[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t	 i, o = 0;

	for (i = 0; i + 2 < n; i += 3) {
		out[o++] = a[s[i] >> 2];
		out[o++] = a[(s[i] & 3) << 4 | s[i + 1] >> 4];
		out[o++] = a[(s[i + 1] & 15) << 2 | s[i + 2] >> 6];
		out[o++] = a[s[i + 2] & 63];
	}
	if (n - i == 1) {
		out[o++] = a[s[i] >> 2];
		out[o++] = a[(s[i] & 3) << 4];
		out[o++] = '=';
		out[o++] = '=';
	} else if (n - i == 2) {
		out[o++] = a[s[i] >> 2];
		out[o++] = a[(s[i] & 3) << 4 | s[i + 1] >> 4];
		out[o++] = a[(s[i + 1] & 15) << 2];
		out[o++] = '=';
	}
	out[o] = '\0';
}

static bool
same(const struct auth_cred *c, const char *user, const char *pass)
{
	return c->ulen == strlen(user) && strcmp(c->user, user) == 0 &&
	    c->plen == strlen(pass) && memcmp(c->pass, pass, c->plen) == 0;
}

static enum auth_result
parse_value(const char *v, struct auth_cred *c)
{
	return auth_basic_parse(v, strlen(v), c);
}

/*
 * The value inside a request head, the head fed in pieces of step bytes
 * (0: cut once at offset cut), then the Authorization header parsed.
 */
static enum auth_result
parse_in_head(const char *value, size_t step, size_t cut,
    struct auth_cred *c)
{
	struct http_req	*r = malloc(sizeof(*r));
	char		 head[1024];
	const char	*v;
	size_t		 total, have = 0, n, hl = 0, vlen;
	enum auth_result res = (enum auth_result)-1;
	int		 st = 0;

	total = (size_t)snprintf(head, sizeof(head), "GET /ws HTTP/1.1\r\n"
	    "Host: x\r\nAuthorization: %s\r\nUpgrade: websocket\r\n\r\n",
	    value);
	http_req_init(r);
	while (have < total && st == 0 && !r->done) {
		n = step ? step : (have == 0 && cut > 0 ? cut : total - have);
		if (n > total - have)
			n = total - have;
		have += n;
		st = http_req_feed(r, (const uint8_t *)head, have, &hl);
	}
	if (st == 0 && r->done && hl == total &&
	    http_header(r, "Authorization", &v, &vlen))
		res = auth_basic_parse(v, vlen, c);
	free(r);
	return res;
}

static void
test_vectors(void)
{
	struct auth_cred c;
	const struct vec *t;
	size_t		 i, k, len, bad;

	for (i = 0; i < sizeof(vecs) / sizeof(vecs[0]); i++) {
		t = &vecs[i];
		check(parse_value(t->value, &c) == t->want);
		if (t->want == AUTH_OK)
			check(same(&c, t->user, t->pass));
		else
			check(c.ulen == 0 && c.plen == 0 && c.user[0] == '\0');
		len = strlen(t->value);
		bad = 0;
		for (k = 0; k <= len + 60; k++) {	/* every cut point */
			if (parse_in_head(t->value, 0, k, &c) != t->want ||
			    (t->want == AUTH_OK && !same(&c, t->user,
			    t->pass)))
				bad++;
		}
		if (parse_in_head(t->value, 1, 0, &c) != t->want)
			bad++;
		check(bad == 0);
		if (t->want != AUTH_OK)
			continue;
		/* No proper prefix names the same user and password. */
		for (k = 0, bad = 0; k < len; k++)
			if (auth_basic_parse(t->value, k, &c) == AUTH_OK &&
			    same(&c, t->user, t->pass))
				bad++;
		check(bad == 0);
	}
}

/* AUTH_USER_MAX, AUTH_PASS_MAX and AUTH_VALUE_MAX, at and over. */
static void
test_limits(void)
{
	unsigned char	 raw[AUTH_VALUE_MAX];
	char		 val[AUTH_VALUE_MAX * 2];
	struct auth_cred c;
	size_t		 n;

	memset(raw, 'u', AUTH_USER_MAX);
	raw[AUTH_USER_MAX] = ':';
	memset(raw + AUTH_USER_MAX + 1, 'p', 10);
	memcpy(val, "Basic ", 6);
	b64(raw, AUTH_USER_MAX + 11, val + 6);
	check(parse_value(val, &c) == AUTH_OK && c.ulen == AUTH_USER_MAX &&
	    strlen(c.user) == AUTH_USER_MAX);
	memset(raw, 'u', AUTH_USER_MAX + 1);
	raw[AUTH_USER_MAX + 1] = ':';
	b64(raw, AUTH_USER_MAX + 2, val + 6);
	check(parse_value(val, &c) == AUTH_TOO_LONG);

	raw[0] = 'u';
	raw[1] = ':';
	memset(raw + 2, 'p', AUTH_PASS_MAX);
	b64(raw, 2 + AUTH_PASS_MAX, val + 6);
	check(parse_value(val, &c) == AUTH_OK && c.plen == AUTH_PASS_MAX);
	memset(raw + 2, 'p', AUTH_PASS_MAX + 1);
	b64(raw, 3 + AUTH_PASS_MAX, val + 6);
	check(parse_value(val, &c) == AUTH_TOO_LONG);

	/* The whole value: at most AUTH_VALUE_MAX bytes, then refused
	 * before it is decoded. */
	memset(val + 6, 'A', sizeof(val) - 7);
	n = AUTH_VALUE_MAX - (AUTH_VALUE_MAX - 6) % 4;
	val[n] = '\0';
	check(parse_value(val, &c) == AUTH_NO_COLON);	/* all zero bytes */
	val[n] = 'A';
	val[n + 4] = '\0';
	check(parse_value(val, &c) == AUTH_TOO_LONG);
}

/* Lines of the file: what auth_line_parse makes of each. */
static const struct {
	const char	*line;
	enum auth_line	 want;
	const char	*user, *hash;	/* AUTH_LINE_OK */
} lines[] = {
	{ "alice:$y$j9T$abc$def\n", AUTH_LINE_OK, "alice", "$y$j9T$abc$def" },
	{ "  bob:$2y$05$abcdefghijklmnopqrstuu\r\n", AUTH_LINE_OK, "bob",
	    "$2y$05$abcdefghijklmnopqrstuu" },
	{ "carol:$6$salt$hash:a comment field\n", AUTH_LINE_OK, "carol",
	    "$6$salt$hash" },
	{ "j\xc3\xb6rg:$2b$05$x\n", AUTH_LINE_OK, "j\xc3\xb6rg", "$2b$05$x" },
	{ "# alice:$y$x\n", AUTH_LINE_SKIP, NULL, NULL },
	{ "   \r\n", AUTH_LINE_SKIP, NULL, NULL },
	{ "alice\n", AUTH_LINE_BAD, NULL, NULL },
	{ ":$y$x\n", AUTH_LINE_BAD, NULL, NULL },
	{ "a b:$y$x\n", AUTH_LINE_BAD, NULL, NULL },
	{ "a\"b:$y$x\n", AUTH_LINE_BAD, NULL, NULL },
	{ "a:\n", AUTH_LINE_BAD, NULL, NULL },
	/* weak or foreign hashes: DES, MD5, SHA-256 crypt, Apache MD5 */
	{ "a:abJnggxhB/yWI\n", AUTH_LINE_BAD, NULL, NULL },
	{ "a:$1$abc$xyz\n", AUTH_LINE_BAD, NULL, NULL },
	{ "a:$5$abc$xyz\n", AUTH_LINE_BAD, NULL, NULL },
	{ "a:$apr1$abc$xyz\n", AUTH_LINE_BAD, NULL, NULL },
};

static void
test_lines(void)
{
	char		 line[512], *u, *h;
	const char	*why;
	size_t		 i;
	enum auth_line	 r;

	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		why = NULL;
		snprintf(line, sizeof(line), "%s", lines[i].line);
		r = auth_line_parse(line, &u, &h, &why);
		check(r == lines[i].want);
		if (r == AUTH_LINE_OK && lines[i].want == AUTH_LINE_OK)
			check(strcmp(u, lines[i].user) == 0 &&
			    strcmp(h, lines[i].hash) == 0);
		if (lines[i].want == AUTH_LINE_BAD)
			check(why != NULL && *why != '\0');
	}
	snprintf(line, sizeof(line), "a:abJnggxhB/yWI");
	check(auth_line_parse(line, &u, &h, &why) == AUTH_LINE_BAD &&
	    strstr(why, "--hash-password") != NULL);
	/* AUTH_USER_MAX bytes of name, and one more */
	memset(line, 'u', AUTH_USER_MAX + 1);
	strcpy(line + AUTH_USER_MAX + 1, ":$y$x");
	check(auth_line_parse(line, &u, &h, &why) == AUTH_LINE_BAD);
	memset(line, 'u', AUTH_USER_MAX);
	strcpy(line + AUTH_USER_MAX, ":$y$x");
	check(auth_line_parse(line, &u, &h, &why) == AUTH_LINE_OK &&
	    strlen(u) == AUTH_USER_MAX);

	check(strcmp(auth_hash_kind("$y$j9T$x"), "yescrypt") == 0);
	check(strcmp(auth_hash_kind("$2a$05$x"), "bcrypt") == 0);
	check(strcmp(auth_hash_kind("$6$x"), "sha512crypt") == 0);
	check(auth_hash_kind("$7$x") == NULL && auth_hash_kind("") == NULL);
}

static void
test_ct_equal(void)
{
	check(auth_ct_equal("abc", 3, "abc", 3));
	check(!auth_ct_equal("abc", 3, "abd", 3));
	check(!auth_ct_equal("abc", 3, "ab", 2));
	check(!auth_ct_equal("abc", 3, "xbc", 3));
	check(auth_ct_equal("", 0, "", 0));
}

int
main(void)
{
	test_vectors();
	test_limits();
	test_lines();
	test_ct_equal();
	return check_summary("t_auth_basic");
}
