/*
 * tls_ticket.c: the session-ticket key file shared by every process.
 *
 * GnuTLS derives its rotating ticket-encryption keys from one 64-byte
 * master key, so processes that read the same file can resume each
 * other's sessions.  The file is 64 raw random bytes, mode 0600.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tls.h"
#include "wsinetd.h"

/*
 * --gen-ticket-key FILE: write a fresh key beside FILE and rename it over
 * FILE, so a reader never sees half a key.  Returns the exit status.
 */
int
tls_ticket_generate(const char *path)
{
	unsigned char	 key[TICKET_KEY_LEN];
	char		 tmp[4096];
	int		 fd, n;

	n = snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path);
	if (n < 0 || (size_t)n >= sizeof(tmp)) {
		fprintf(stderr, "wsinetd: %s: path too long\n", path);
		return EXIT_USAGE;
	}
	if (getrandom(key, sizeof(key), 0) != (ssize_t)sizeof(key)) {
		fprintf(stderr, "wsinetd: getrandom: %s\n", strerror(errno));
		return EXIT_FAIL;
	}
	if ((fd = mkostemp(tmp, O_CLOEXEC)) == -1) {	/* mode 0600 */
		fprintf(stderr, "wsinetd: %s: %s\n", tmp, strerror(errno));
		return EXIT_FAIL;
	}
	if (write(fd, key, sizeof(key)) != (ssize_t)sizeof(key) ||
	    fsync(fd) == -1 || close(fd) == -1) {
		fprintf(stderr, "wsinetd: writing %s: %s\n", tmp,
		    strerror(errno));
		unlink(tmp);
		return EXIT_FAIL;
	}
	if (rename(tmp, path) == -1) {
		fprintf(stderr, "wsinetd: %s: %s\n", path, strerror(errno));
		unlink(tmp);
		return EXIT_FAIL;
	}
	explicit_bzero(key, sizeof(key));
	return EXIT_OK;
}

/* Read the key into key[TICKET_KEY_LEN]: 0, or -1 with the reason. */
int
tls_ticket_read(const char *path, unsigned char *key, char *err,
    size_t errlen)
{
	struct stat	 st;
	ssize_t		 n;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		snprintf(err, errlen, "%s", strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == -1) {
		snprintf(err, errlen, "%s", strerror(errno));
		close(fd);
		return -1;
	}
	if (st.st_size != TICKET_KEY_LEN) {
		snprintf(err, errlen, "%lld bytes, expected %d (make one with "
		    "wsinetd --gen-ticket-key FILE)", (long long)st.st_size,
		    TICKET_KEY_LEN);
		close(fd);
		return -1;
	}
	n = read(fd, key, TICKET_KEY_LEN);
	close(fd);
	if (n != TICKET_KEY_LEN) {
		snprintf(err, errlen, "short read");
		return -1;
	}
	return 0;
}
