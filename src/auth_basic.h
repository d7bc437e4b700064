/*
 * auth_basic.h: HTTP Basic credentials (RFC 7617) and the lines of an
 * --auth-file, parsed without I/O; comparisons that take the same time
 * whatever the bytes.
 */
#ifndef AUTH_BASIC_H
#define AUTH_BASIC_H

#include <stdbool.h>
#include <stddef.h>

#define AUTH_USER_MAX	64	/* bytes of a user name */
#define AUTH_PASS_MAX	256	/* bytes of a password */
#define AUTH_VALUE_MAX	512	/* bytes of an Authorization value */
#define AUTH_HASH_MAX	256	/* bytes of a hash in the file */
#define AUTH_REALM_MAX	128	/* bytes of --auth-realm */

enum auth_result {
	AUTH_OK,
	AUTH_NOT_BASIC,		/* another scheme, or no credentials */
	AUTH_TOO_LONG,		/* value, user or password over its limit */
	AUTH_BAD_BASE64,	/* not RFC 4648 §4 base64 with padding */
	AUTH_NO_COLON,		/* decoded, but no "user:password" */
	AUTH_EMPTY_USER,
	AUTH_CONTROL,		/* a control character (RFC 7617 §2) */
};

struct auth_cred {
	char	 user[AUTH_USER_MAX + 1];	/* NUL-terminated */
	char	 pass[AUTH_PASS_MAX + 1];
	size_t	 ulen, plen;
};

enum auth_result auth_basic_parse(const char *, size_t, struct auth_cred *);
const char	*auth_result_why(enum auth_result);

/* One line of the file: "user:HASH". */
enum auth_line {
	AUTH_LINE_SKIP,		/* blank or a '#' comment */
	AUTH_LINE_OK,
	AUTH_LINE_BAD,		/* *why says what is wrong with it */
};

enum auth_line	 auth_line_parse(char *, char **, char **, const char **);
bool		 auth_user_name_ok(const char *, size_t);
const char	*auth_hash_kind(const char *);

bool	 auth_ct_equal(const void *, size_t, const void *, size_t);

#endif
