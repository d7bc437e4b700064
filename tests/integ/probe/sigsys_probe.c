/*
 * sigsys_probe.c: an LD_PRELOAD library for tests/integ/test_seccomp_*.py.
 * It wraps read(2): when the bytes read contain SECCOMP-PROBE it makes a
 * system call the relay filter does not allow (socket(AF_INET, ...)), the
 * way exploited code would; SECCOMP-EXECVE (in a request head, read in
 * the request phase) makes one neither filter allows: execve(2).  Not
 * part of wsinetd.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

ssize_t
read(int fd, void *buf, size_t n)
{
	static ssize_t (*real)(int, void *, size_t);
	ssize_t	 r;

	if (real == NULL)
		real = (ssize_t (*)(int, void *, size_t))dlsym(RTLD_NEXT,
		    "read");
	r = real(fd, buf, n);
	if (r > 0 && memmem(buf, (size_t)r, "SECCOMP-PROBE", 13) != NULL) {
		int s = socket(AF_INET, SOCK_STREAM, 0);

		if (s >= 0)
			close(s);
	}
	if (r > 0 && memmem(buf, (size_t)r, "SECCOMP-EXECVE", 14) != NULL) {
		char	*argv[] = { "/bin/true", NULL };

		execve(argv[0], argv, argv + 1);
	}
	return r;
}
