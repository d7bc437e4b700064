/*
 * t_sdfds.c: systemd's socket-passing variables, read without libsystemd:
 * whose they are (LISTEN_PID), how many (LISTEN_FDS), their names
 * (LISTEN_FDNAMES, colon-separated, possibly fewer or longer than the
 * descriptors), and that they are removed once read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "check.h"
#include "sdfds.h"

static void
set(const char *pid, const char *fds, const char *names)
{
	char	 mine[32];

	if (pid != NULL && strcmp(pid, "self") == 0) {
		snprintf(mine, sizeof(mine), "%ld", (long)getpid());
		pid = mine;
	}
	pid ? setenv("LISTEN_PID", pid, 1) : unsetenv("LISTEN_PID");
	fds ? setenv("LISTEN_FDS", fds, 1) : unsetenv("LISTEN_FDS");
	names ? setenv("LISTEN_FDNAMES", names, 1) :
	    unsetenv("LISTEN_FDNAMES");
}

static int
unset_all(void)
{
	return getenv("LISTEN_PID") == NULL && getenv("LISTEN_FDS") == NULL &&
	    getenv("LISTEN_FDNAMES") == NULL;
}

int
main(void)
{
	struct sdfds	 f;
	char		 longname[400];
	int		 sv[2], lsn;

	/* fds 3 and 4: a connected stream socket pair; 5: a listener. */
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == -1 ||
	    dup2(sv[0], 3) != 3 || dup2(sv[1], 4) != 4)
		return 2;
	/* An address of only the family autobinds in the abstract space. */
	if ((lsn = socket(AF_UNIX, SOCK_STREAM, 0)) == -1 ||
	    bind(lsn, (struct sockaddr *)&(sa_family_t){ AF_UNIX },
	    sizeof(sa_family_t)) == -1 || listen(lsn, 1) == -1 ||
	    dup2(lsn, 5) != 5)
		return 2;

	set(NULL, NULL, NULL);
	check(sdfds_get(&f) == 0 && f.n == 0);

	set("self", "2", "tls:plain");
	check(sdfds_get(&f) == 0 && f.n == 2);
	check(strcmp(f.names[0], "tls") == 0 && strcmp(f.names[1], "plain") ==
	    0);
	check(unset_all());

	set("1", "2", "x");		/* someone else's: not ours */
	check(sdfds_get(&f) == 0 && f.n == 0 && unset_all());

	set("self", "2", NULL);		/* no names */
	check(sdfds_get(&f) == 0 && f.n == 2 && f.names[0][0] == '\0');

	set("self", "3", "a");		/* fewer names than descriptors */
	check(sdfds_get(&f) == 0 && f.n == 3 && strcmp(f.names[0], "a") == 0 &&
	    f.names[1][0] == '\0' && f.names[2][0] == '\0');

	set("self", "1", "a:b:c");	/* more names than descriptors */
	check(sdfds_get(&f) == 0 && f.n == 1 && strcmp(f.names[0], "a") == 0);

	set("self", "2", ":https");	/* an empty name */
	check(sdfds_get(&f) == 0 && f.names[0][0] == '\0' &&
	    strcmp(f.names[1], "https") == 0);

	memset(longname, 'n', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	set("self", "1", longname);	/* cut, never overflowing */
	check(sdfds_get(&f) == 0 && strlen(f.names[0]) == SDFDS_NAME_MAX - 1);

	set("self", "x", NULL);
	check(sdfds_get(&f) == -22 && unset_all());
	set("self", "", NULL);
	check(sdfds_get(&f) == -22);
	set("0", "1", NULL);
	check(sdfds_get(&f) == -22);
	set("self", "99999999999999999999", NULL);
	check(sdfds_get(&f) == -22);
	set("self", "40", NULL);	/* fds 6.. are not open */
	check(sdfds_get(&f) == -9);

	check(sdfds_is_stream(3, 0) == 1);
	check(sdfds_is_stream(3, 1) == 0);
	check(sdfds_is_stream(5, 1) == 1);
	check(sdfds_is_stream(5, -1) == 1);
	check(sdfds_is_stream(STDERR_FILENO + 100, -1) == 0);
	return check_summary("t_sdfds");
}
