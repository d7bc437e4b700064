/*
 * nopidfd.c: run a program on which pidfd_open(2) fails with ENOSYS, as
 * on kernels before 5.3 or under container seccomp profiles that predate
 * it (Docker's did, until 20.10).  Usage: nopidfd PROGRAM [ARG...].  The
 * filter is inherited across execve, so wsinetd started through this
 * takes its fallback: it asks wait4 on a timer instead of polling a pidfd.
 * Test tool only (tests/integ/test_exec_no_pidfd.py compiles it).
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

int
main(int argc, char **argv)
{
	struct sock_filter filter[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		    offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_pidfd_open, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { sizeof(filter) / sizeof(filter[0]), filter };

	if (argc < 2) {
		fprintf(stderr, "usage: nopidfd PROGRAM [ARG...]\n");
		return 64;
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1 ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) == -1) {
		perror("nopidfd: seccomp");
		return 71;
	}
	execv(argv[1], argv + 1);
	perror(argv[1]);
	return 127;
}
