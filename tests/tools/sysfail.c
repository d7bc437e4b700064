/*
 * sysfail.c: run a program on which one system call fails with a given
 * errno, as on a kernel or under a container seccomp profile that lacks
 * it.  Usage: sysfail CALL[=ARG0] ERRNO PROGRAM [ARG...]; with =ARG0 only
 * calls whose first argument is ARG0 fail.  The filter is inherited across
 * execve.  Test tool only, compiled by the tests that use it:
 *
 *   sysfail pidfd_open 38 wsinetd ...      no pidfd_open (ENOSYS), as
 *                                          before Linux 5.3
 *   sysfail socket=10 97 wsinetd ...       no AF_INET6 sockets
 *                                          (EAFNOSUPPORT), as with
 *                                          ipv6.disable=1
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

static const struct {
	const char	*name;
	long		 nr;
} calls[] = {
	{ "pidfd_open", SYS_pidfd_open },
	{ "socket", SYS_socket },
};

int
main(int argc, char **argv)
{
	struct sock_filter filter[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		    offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 3),	/* [1]: nr */
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		    offsetof(struct seccomp_data, args[0])),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1),	/* [3]: arg0 */
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO),	/* [4]: errno */
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { sizeof(filter) / sizeof(filter[0]), filter };
	char		*eq;
	size_t		 i;

	if (argc < 4) {
		fprintf(stderr, "usage: sysfail CALL[=ARG0] ERRNO PROGRAM "
		    "[ARG...]\n");
		return 64;
	}
	if ((eq = strchr(argv[1], '=')) != NULL)
		*eq++ = '\0';
	for (i = 0; i < sizeof(calls) / sizeof(calls[0]); i++)
		if (strcmp(calls[i].name, argv[1]) == 0)
			break;
	if (i == sizeof(calls) / sizeof(calls[0])) {
		fprintf(stderr, "sysfail: %s: not in the table\n", argv[1]);
		return 64;
	}
	filter[1].k = (unsigned)calls[i].nr;
	filter[4].k |= (unsigned)atoi(argv[2]) & SECCOMP_RET_DATA;
	if (eq != NULL)
		filter[3].k = (unsigned)strtoul(eq, NULL, 0);
	else		/* every such call fails, whatever its arguments */
		filter[3] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JA, 0,
		    0, 0);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1 ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) == -1) {
		perror("sysfail: seccomp");
		return 71;
	}
	execv(argv[3], argv + 3);
	perror(argv[3]);
	return 127;
}
