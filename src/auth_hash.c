/*
 * auth_hash.c: wsinetd --hash-password USER, so that nobody needs another
 * tool to write an --auth-file line.  The password is read from stdin:
 * from a terminal with echo off, asked twice; from a pipe, one line.  It
 * is never echoed, logged or passed in argv (where ps would show it).
 * The line printed, "USER:HASH", is libcrypt's yescrypt with a fresh salt
 * from crypt_gensalt_rn() (which takes its random bytes from the kernel)
 * at libcrypt's default cost.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "auth.h"
#include "auth_basic.h"
#include "wsinetd.h"

/*
 * One line of at most AUTH_PASS_MAX bytes from fd into pw (its line end
 * dropped): its length, or -1 (a message on stderr) when it is empty,
 * too long, has a control character, or nothing could be read.
 */
static long
auth_hash_read(int fd, char pw[AUTH_PASS_MAX + 2])
{
	size_t	 n = 0, i;
	ssize_t	 r;
	char	 ch;

	for (;;) {
		if ((r = read(fd, &ch, 1)) == -1 && errno == EINTR)
			continue;
		if (r <= 0 || ch == '\n')
			break;
		if (n == AUTH_PASS_MAX + 1)
			continue;		/* too long: read to its end */
		pw[n++] = ch;
	}
	if (r == -1) {
		fprintf(stderr, "wsinetd: --hash-password: reading the "
		    "password: %s\n", strerror(errno));
		return -1;
	}
	if (n > 0 && pw[n - 1] == '\r')
		n--;
	pw[n] = '\0';
	if (n == 0 || n > AUTH_PASS_MAX) {
		fprintf(stderr, "wsinetd: --hash-password: %s\n", n == 0 ?
		    "no password on stdin (give one line)" :
		    "the password is over 256 bytes");
		return -1;
	}
	for (i = 0; i < n; i++)
		if ((unsigned char)pw[i] < 0x20 || pw[i] == 0x7f) {
			fprintf(stderr, "wsinetd: --hash-password: the "
			    "password has a control character (RFC 7617 "
			    "forbids them)\n");
			return -1;
		}
	return (long)n;
}

/* Prompt on stderr and read with the terminal's echo off. */
static long
auth_hash_ask(const char *prompt, char pw[AUTH_PASS_MAX + 2])
{
	struct termios	 old, quiet;
	long		 n;
	bool		 restore;

	restore = tcgetattr(STDIN_FILENO, &old) == 0;
	if (restore) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
		restore = tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
	}
	fputs(prompt, stderr);		/* once echo is off: type now */
	fflush(stderr);
	n = auth_hash_read(STDIN_FILENO, pw);
	if (restore)
		(void)tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	fputc('\n', stderr);
	return n;
}

int
auth_hash_password(const char *user)
{
	char		 pw[AUTH_PASS_MAX + 2], again[AUTH_PASS_MAX + 2];
	char		 salt[CRYPT_GENSALT_OUTPUT_SIZE];
	struct crypt_data cd;
	const char	*hash;
	char		 err[256];
	long		 n;
	int		 status = EXIT_FAIL;

	if (crypt_lib_load(&cfg.crypt, err, sizeof(err)) != 0) {
		fprintf(stderr, "wsinetd: --hash-password: %s\n", err);
		return EXIT_CONFIG;
	}
	if (!auth_user_name_ok(user, strlen(user))) {
		fprintf(stderr, "wsinetd: --hash-password %s: a user name is "
		    "1 to %d bytes without blanks, ':', '\"' or control "
		    "characters\n", user, AUTH_USER_MAX);
		return EXIT_USAGE;
	}
	if (!isatty(STDIN_FILENO))
		n = auth_hash_read(STDIN_FILENO, pw);
	else if ((n = auth_hash_ask("Password: ", pw)) >= 0 &&
	    (auth_hash_ask("Again: ", again) != n ||
	    memcmp(pw, again, (size_t)n) != 0)) {
		fprintf(stderr, "wsinetd: --hash-password: the passwords "
		    "differ\n");
		n = -1;
	}
	if (n < 0)
		goto done;
	memset(&cd, 0, sizeof(cd));
	if (cfg.crypt.crypt_gensalt_rn("$y$", 0, NULL, 0, salt,
	    sizeof(salt)) == NULL ||
	    (hash = cfg.crypt.crypt_rn(pw, salt, &cd, sizeof(cd))) == NULL ||
	    hash[0] == '*') {
		fprintf(stderr, "wsinetd: --hash-password: libcrypt cannot "
		    "make a yescrypt hash: %s\n", strerror(errno));
		goto done;
	}
	if (printf("%s:%s\n", user, hash) < 0 || fflush(stdout) == EOF) {
		fprintf(stderr, "wsinetd: --hash-password: writing: %s\n",
		    strerror(errno));
		goto done;
	}
	status = EXIT_OK;
done:
	explicit_bzero(pw, sizeof(pw));
	explicit_bzero(again, sizeof(again));
	explicit_bzero(&cd, sizeof(cd));
	return status;
}
