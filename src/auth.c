/*
 * auth.c: the --auth-file stage.  Every request (a page, an upgrade, a
 * passthrough) must carry HTTP Basic credentials (RFC 7617) for a line
 * "user:HASH" of the file; main.c runs this after the request head is read
 * and before it is routed, so an unauthenticated client learns nothing
 * about the routes.  The file is read on every connection, like the token
 * file, so an edit applies to the next one, after privileges are dropped
 * (it must be readable by --user) and before any seccomp filter.
 *
 * The password is checked by the system's libcrypt (crypt_rn: yescrypt,
 * bcrypt or SHA-512 crypt), never by a hash of ours.  So that timing does
 * not tell which users exist, the whole file is always read, user names
 * are compared in constant time, and crypt runs exactly once per check:
 * for an unknown user against the first usable hash of the file (same
 * algorithm and cost as a real user's), or a built-in yescrypt hash.
 *
 * A connection kept alive (static files) checks each request; one whose
 * Authorization value is the same as the one verified before on this
 * connection (compared by SHA-256 digest, in constant time) is not hashed
 * again: a page's twenty requests cost one crypt, not twenty.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nettle/sha2.h>

#include "auth.h"
#include "auth_slot.h"
#include "auth_basic.h"
#include "http.h"
#include "log.h"
#include "text.h"
#include "wsinetd.h"

#define AUTH_LINE_MAX	1024		/* longer lines: skipped, logged */

/* Checked when the file has no usable line: yescrypt at libcrypt's
 * default cost, of a password nobody knows (the result is discarded). */
static const char auth_dummy_hash[] =
    "$y$j9T$wsinetdDummySaltNobody1/$fHx6MMTNRaBqML87uYtIozOWUIW9FQPcaRFVx"
    "L4L1R/";

/* What the scan of the file found for one user name. */
struct auth_found {
	bool	 found;
	char	 hash[AUTH_HASH_MAX + 1];	/* the user's, or the dummy */
	unsigned lineno;
};

static void
auth_digest(const char *v, size_t n, uint8_t out[SHA256_DIGEST_SIZE])
{
	struct sha256_ctx ctx;

	sha256_init(&ctx);
	sha256_update(&ctx, n, (const uint8_t *)v);
	sha256_digest(&ctx, SHA256_DIGEST_SIZE, out);
}

/* A client's user name for a log line: '"' and '\\' shown as '?' (the
 * log turns control characters into '?' itself). */
static void
auth_log_name(const char *u, char *out, size_t outsize)
{
	size_t	 i;

	for (i = 0; u[i] != '\0' && i + 1 < outsize; i++)
		out[i] = u[i] == '"' || u[i] == '\\' ? '?' : u[i];
	out[i] = '\0';
}

/*
 * Read the whole file f, looking for user (padded to AUTH_USER_MAX + 1
 * bytes with NULs, so every comparison takes the same time).  A bad line
 * is logged and skipped.  Returns 0, or -1 on a read error (logged).
 */
static int
auth_scan(FILE *f, const char *file, const char want[AUTH_USER_MAX + 1],
    struct auth_found *af, const char *peer)
{
	char		 line[AUTH_LINE_MAX], name[AUTH_USER_MAX + 1];
	char		*user, *hash;
	const char	*why;
	unsigned	 lineno = 0;
	bool		 dummy = false, match;
	int		 got;

	while ((got = text_line(f, line, sizeof(line))) != 0) {
		lineno++;
		if (got < 0) {
			log_warnx("%s: auth file %s:%u: line longer than %d "
			    "bytes, skipped", peer, file, lineno,
			    AUTH_LINE_MAX - 1);
			continue;
		}
		switch (auth_line_parse(line, &user, &hash, &why)) {
		case AUTH_LINE_SKIP:
			continue;
		case AUTH_LINE_BAD:
			log_warnx("%s: auth file %s:%u: %s; line skipped",
			    peer, file, lineno, why);
			continue;
		case AUTH_LINE_OK:
			break;
		}
		memset(name, 0, sizeof(name));
		memcpy(name, user, strlen(user));
		match = auth_ct_equal(name, sizeof(name), want, sizeof(name));
		if ((match && !af->found) || (!af->found && !dummy)) {
			snprintf(af->hash, sizeof(af->hash), "%s", hash);
			dummy = !match;
			af->found = match;
			af->lineno = lineno;
		}
	}
	explicit_bzero(line, sizeof(line));
	if (ferror(f)) {
		log_warnx("%s: auth file %s: read error, answered 500", peer,
		    file);
		return -1;
	}
	if (!af->found && !dummy)
		snprintf(af->hash, sizeof(af->hash), "%s", auth_dummy_hash);
	return 0;
}

/* The file, opened as the user we run as: a FILE, or NULL (logged). */
static FILE *
auth_open(const char *path, const char *peer)
{
	struct stat	 st;
	FILE		*f;
	int		 fd;

	/* O_NONBLOCK: a FIFO in its place must not hang the connection. */
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)) ==
	    -1 || fstat(fd, &st) == -1) {
		log_warnx("%s: auth file %s: %s (it is read per connection, "
		    "as the user wsinetd runs as), answered 500", peer, path,
		    strerror(errno));
		if (fd != -1)
			close(fd);
		return NULL;
	}
	if (!S_ISREG(st.st_mode) || (f = fdopen(fd, "r")) == NULL) {
		log_warnx("%s: auth file %s: not a regular file, answered 500",
		    peer, path);
		close(fd);
		return NULL;
	}
	return f;
}

/*
 * Is cred a user of the file with that password?  0 yes, 401 no (the
 * failed attempt is logged), 500 when the file cannot be read.
 */
static int
auth_verify(struct conn *c, const struct auth_cred *cred)
{
	struct auth_found af = { 0 };
	struct crypt_data *cd;
	char		 want[AUTH_USER_MAX + 1] = { 0 };
	char		 shown[AUTH_USER_MAX + 1];
	const char	*out;
	FILE		*f;
	bool		 ok;
	int		 r, slot;

	if ((f = auth_open(cfg.auth_file, c->peer)) == NULL)
		return 500;
	memcpy(want, cred->user, cred->ulen);
	r = auth_scan(f, cfg.auth_file, want, &af, c->peer);
	fclose(f);
	if (r != 0)
		return 500;
	/* struct crypt_data is 32 KiB: not on the stack. */
	if ((cd = calloc(1, sizeof(*cd))) == NULL) {
		log_warnx("%s: auth: out of memory, answered 500", c->peer);
		return 500;
	}
	/* yescrypt's 16 MiB per check: at most --auth-checks at once. */
	if ((slot = auth_slot_take(c->peer, now_ms() +
	    (int64_t)cfg.handshake_timeout * 1000)) == -2) {
		free(cd);
		return 503;
	}
	out = cfg.crypt.crypt_rn(cred->pass, af.hash, cd, sizeof(*cd));
	auth_slot_give(slot);
	ok = out != NULL && auth_ct_equal(out, strlen(out), af.hash,
	    strlen(af.hash)) && af.found;
	explicit_bzero(cd, sizeof(*cd));
	free(cd);
	auth_log_name(cred->user, shown, sizeof(shown));
	if (out == NULL && af.found)
		log_warnx("%s: auth file %s:%u: libcrypt cannot check the "
		    "hash of user %s (%s)", c->peer, cfg.auth_file, af.lineno,
		    shown, strerror(errno));
	if (!ok) {
		log_warnx("%s: authentication failed for user \"%s\": %s, "
		    "answered 401", c->peer, shown, af.found ?
		    "wrong password" : "no such user");
		return 401;
	}
	log_info("%s: user %s authenticated (%s, %s:%u)", c->peer, shown,
	    auth_hash_kind(af.hash), cfg.auth_file, af.lineno);
	memcpy(c->user, cred->user, cred->ulen + 1);
	return 0;
}

/*
 * The --auth-file check of c->req.  Returns 0 (c->user names the user;
 * always 0 without --auth-file) or the status to answer: 401 (no, wrong
 * or malformed credentials; http_fail() adds the WWW-Authenticate
 * challenge), 400 for two Authorization headers, 500 when the file
 * cannot be read.  A failed attempt writes one line naming the client:
 * "PEER: authentication failed for user "NAME": why, answered 401"
 * (README: the fail2ban filter); a request without credentials, which
 * every browser sends first, only an informational one.
 */
int
auth_check(struct conn *c)
{
	struct auth_cred cred;
	enum auth_result res;
	uint8_t		 d[SHA256_DIGEST_SIZE];
	const char	*v;
	size_t		 n;
	int		 status;

	if (cfg.auth_file == NULL)
		return 0;
	switch (http_header_count(&c->req, "Authorization")) {
	case 0:
		c->auth_ok = false;
		c->user[0] = '\0';
		log_info("%s: \"%s %s\": no credentials, answered 401",
		    c->peer, c->req.method_name, c->req.path);
		return 401;
	case 1:
		break;
	default:
		log_warnx("%s: \"%s %s\": more than one Authorization header, "
		    "answered 400", c->peer, c->req.method_name, c->req.path);
		return 400;
	}
	(void)http_header(&c->req, "Authorization", &v, &n);
	auth_digest(v, n, d);
	if (c->auth_ok && auth_ct_equal(d, sizeof(d), c->auth_digest,
	    sizeof(d)))
		return 0;		/* verified on this connection */
	c->auth_ok = false;
	c->user[0] = '\0';
	if ((res = auth_basic_parse(v, n, &cred)) != AUTH_OK) {
		if (res == AUTH_NOT_BASIC)
			log_info("%s: \"%s %s\": %s, answered 401", c->peer,
			    c->req.method_name, c->req.path,
			    auth_result_why(res));
		else
			log_warnx("%s: authentication failed: %s, answered "
			    "401", c->peer, auth_result_why(res));
		return 401;
	}
	status = auth_verify(c, &cred);
	explicit_bzero(&cred, sizeof(cred));
	if (status == 0) {
		memcpy(c->auth_digest, d, sizeof(d));
		c->auth_ok = true;
	}
	return status;
}

/*
 * For a later request on a passthrough connection (pass_frame.c, inside
 * the relay's filter, where the file cannot be read): does it carry the
 * very credentials verified for the first one?  Always true without
 * --auth-file.
 */
bool
auth_same(const struct conn *c, const struct http_req *r)
{
	uint8_t		 d[SHA256_DIGEST_SIZE];
	const char	*v;
	size_t		 n;

	if (cfg.auth_file == NULL)
		return true;
	if (!c->auth_ok || http_header_count(r, "Authorization") != 1)
		return false;
	(void)http_header(r, "Authorization", &v, &n);
	auth_digest(v, n, d);
	return auth_ct_equal(d, sizeof(d), c->auth_digest, sizeof(d));
}
