/*
 * dtor_probe.c: an LD_PRELOAD library for tests/integ/test_listen_child_exit.py.
 * Its destructor, run by exit() and not by _exit(), appends the process's
 * PID to the file named by $DTOR_PROBE_FILE, the way a library's clean-up
 * (GnuTLS's, zlib's) would run and touch its pages.  Not part of wsinetd.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void __attribute__((destructor))
dtor_probe(void)
{
	const char	*path = getenv("DTOR_PROBE_FILE");
	int		 fd;

	if (path == NULL ||
	    (fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0644)) == -1)
		return;
	dprintf(fd, "%ld\n", (long)getpid());
	close(fd);
}
