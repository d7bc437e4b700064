/*
 * t_sandbox.c: the compiled seccomp programs, loaded for real.  Each check
 * forks a child that installs the programs of one case in order (the
 * request filter, then for a relay the relay's on top, as wsinetd stacks
 * them) and makes one system call: a call the stack allows returns, one
 * outside it ends the child with SIGSYS (no handler is installed here, so
 * the default action applies).
 *
 * What is checked: only exec: may reap and signal (wait4, kill), in the
 * request filter of a configuration with an exec: target and in an
 * exec: relay; any other, running as --user, must not be able to signal
 * that user's processes.  Only TLS relays keep sendmsg.  No phase may
 * execve, fork, map anonymous memory executable or open a file for
 * writing; the request phase may open files read-only, load a library
 * (dlopen maps a file executable), open internet sockets and stack the
 * relay's filter; the relay may do none of that.  With --record the
 * request filter may also create a new file (O_CREAT with O_EXCL, never
 * open an existing one for writing) and both may fsync and ftruncate;
 * without it, neither.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include "check.h"
#include "sandbox.h"

/* The sanitizer build also allows what its runtime needs (SB_SAN): its
 * leak check waits for the thread that stops the others with wait4, and
 * its reports open files. */
#ifdef __SANITIZE_ADDRESS__
#define SAN_BUILD	true
#else
#define SAN_BUILD	false
#endif

enum call {
	CALL_GETPID, CALL_KILL, CALL_WAIT4, CALL_SENDMSG, CALL_EXECVE,
	CALL_FORK, CALL_OPEN_READ, CALL_OPEN_WRITE, CALL_OPEN_CREATE,
	CALL_SOCKET_INET, CALL_SOCKET_PACKET, CALL_MMAP_ANON_EXEC,
	CALL_DLOPEN, CALL_SIGACTION, CALL_PTRACE, CALL_OPEN_EXCL,
	CALL_OPEN_WRITE_CREAT, CALL_FSYNC, CALL_FTRUNCATE,
};

static char	 excl_path[64];		/* a new file, removed after */

static long
make_call(enum call call)
{
	char	*argv[] = { "/bin/true", NULL };
	void	*p;
	long	 fd;

	switch (call) {
	case CALL_GETPID:
		return syscall(SYS_getpid) > 0 ? 0 : -1;
	case CALL_KILL:
		return syscall(SYS_kill, getpid(), 0);
	case CALL_WAIT4:		/* no children: ECHILD when allowed */
		return syscall(SYS_wait4, -1, NULL, WNOHANG, NULL) == -1 &&
		    errno == ECHILD ? 0 : -1;
	case CALL_SENDMSG:		/* a bad fd: EBADF when allowed */
		return syscall(SYS_sendmsg, -1, NULL, 0) == -1 &&
		    errno == EBADF ? 0 : -1;
	case CALL_EXECVE:
		return syscall(SYS_execve, argv[0], argv, NULL);
	case CALL_FORK:
		return syscall(SYS_fork) > 0 ? 0 : -1;
	case CALL_OPEN_READ:
		fd = syscall(SYS_openat, AT_FDCWD, "/etc/hosts",
		    O_RDONLY | O_CLOEXEC);
		return fd >= 0 ? 0 : -1;
	case CALL_OPEN_WRITE:		/* /dev/null exists and is writable */
		fd = syscall(SYS_openat, AT_FDCWD, "/dev/null",
		    O_WRONLY | O_CLOEXEC);
		return fd >= 0 ? 0 : -1;
	case CALL_OPEN_CREATE:
		fd = syscall(SYS_openat, AT_FDCWD, "/tmp", O_TMPFILE | O_RDWR,
		    0600);
		return fd >= 0 ? 0 : -1;
	case CALL_OPEN_EXCL:		/* what record_open() does */
		fd = syscall(SYS_openat, AT_FDCWD, excl_path, O_WRONLY |
		    O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		return fd >= 0 ? 0 : -1;
	case CALL_OPEN_WRITE_CREAT:	/* O_CREAT alone: may open /dev/null */
		fd = syscall(SYS_openat, AT_FDCWD, "/dev/null",
		    O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
		return fd >= 0 ? 0 : -1;
	case CALL_FSYNC:		/* a bad fd: EBADF when allowed */
		return syscall(SYS_fsync, -1) == -1 && errno == EBADF ? 0 : -1;
	case CALL_FTRUNCATE:
		return syscall(SYS_ftruncate, -1, 0) == -1 && errno == EBADF ?
		    0 : -1;
	case CALL_SOCKET_INET:
		return syscall(SYS_socket, AF_INET, SOCK_STREAM, 0) >= 0 ? 0 :
		    -1;
	case CALL_SOCKET_PACKET:	/* EPERM unprivileged: still a return */
		(void)syscall(SYS_socket, AF_PACKET, SOCK_RAW, 0);
		return 0;
	case CALL_MMAP_ANON_EXEC:
		p = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		return p != MAP_FAILED ? 0 : -1;
	case CALL_DLOPEN:		/* what a wss:// backend loads */
		return dlopen("libgnutls.so.30", RTLD_NOW | RTLD_LOCAL) !=
		    NULL ? 0 : -1;
	case CALL_SIGACTION:
		return syscall(SYS_rt_sigaction, SIGUSR1, NULL, NULL, 8);
	case CALL_PTRACE:		/* ESRCH or EPERM when allowed */
		(void)syscall(SYS_ptrace, PTRACE_PEEKDATA, 1, 0, 0);
		return 0;
	}
	return -1;
}

/* One case: the request filter alone, or a relay's stacked on it. */
struct stack {
	bool	 relay;		/* false: the request phase */
	bool	 tls;		/* the relay's TLS records */
	bool	 exec;		/* an exec: target configured / relayed */
	bool	 record;	/* --record */
};

/* Is call allowed under the stack?  (false: the child got SIGSYS) */
static bool
allowed(struct stack s, enum call call)
{
	struct sock_fprog req, rel;
	struct rlimit	 no_core = { 0, 0 };
	pid_t		 pid;
	int		 status;

	sandbox_program(SANDBOX_REQUEST, false, s.exec, s.record, &req);
	sandbox_program(SANDBOX_RELAY, s.tls, s.exec, s.record, &rel);
	if ((pid = fork()) == -1)
		return false;
	if (pid == 0) {
		(void)setrlimit(RLIMIT_CORE, &no_core);
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1 ||
		    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &req) == -1 ||
		    (s.relay && prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER,
		    &rel) == -1))
			_exit(2);
		_exit(make_call(call) == 0 ? 0 : 3);
	}
	if (waitpid(pid, &status, 0) != pid)
		return false;
	(void)unlink(excl_path);
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS)
		return false;
	check(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	return true;
}

int
main(void)
{
	struct stack	 s;
	int		 tls, exec, rec;

	snprintf(excl_path, sizeof(excl_path), "/tmp/t_sandbox.%ld",
	    (long)getpid());

	for (rec = 0; rec <= 1; rec++)
	for (exec = 0; exec <= 1; exec++) {
		s = (struct stack){ .relay = false, .exec = exec,
		    .record = rec };
		check(allowed(s, CALL_GETPID));
		check(allowed(s, CALL_KILL) == exec);
		check(allowed(s, CALL_WAIT4) == (exec || SAN_BUILD));
		check(allowed(s, CALL_SENDMSG));	/* netlink, TLS */
		check(!allowed(s, CALL_EXECVE));
		check(!allowed(s, CALL_FORK));
		check(allowed(s, CALL_OPEN_READ));
		check(allowed(s, CALL_OPEN_WRITE) == SAN_BUILD);
		check(allowed(s, CALL_OPEN_CREATE) == SAN_BUILD);
		check(allowed(s, CALL_SOCKET_INET));
		check(!allowed(s, CALL_SOCKET_PACKET));
		check(!allowed(s, CALL_MMAP_ANON_EXEC));
		check(allowed(s, CALL_DLOPEN));
		check(allowed(s, CALL_SIGACTION) == SAN_BUILD);
		check(allowed(s, CALL_PTRACE) == SAN_BUILD);
		check(allowed(s, CALL_OPEN_EXCL) == (rec || SAN_BUILD));
		check(allowed(s, CALL_OPEN_WRITE_CREAT) == SAN_BUILD);
		check(allowed(s, CALL_FSYNC) == rec);
		check(allowed(s, CALL_FTRUNCATE) == rec);
	}
	for (rec = 0; rec <= 1; rec++)
	for (tls = 0; tls <= 1; tls++)
		for (exec = 0; exec <= 1; exec++) {
			s = (struct stack){ .relay = true, .tls = tls,
			    .exec = exec, .record = rec };
			check(allowed(s, CALL_GETPID));
			check(allowed(s, CALL_KILL) == exec);
			check(allowed(s, CALL_WAIT4) ==
			    (exec || SAN_BUILD));
			check(allowed(s, CALL_SENDMSG) == tls);
			check(!allowed(s, CALL_EXECVE));
			check(!allowed(s, CALL_FORK));
			check(allowed(s, CALL_OPEN_READ) == SAN_BUILD);
			check(allowed(s, CALL_OPEN_WRITE) == SAN_BUILD);
			check(!allowed(s, CALL_SOCKET_INET));
			check(!allowed(s, CALL_MMAP_ANON_EXEC));
			check(!allowed(s, CALL_DLOPEN));
			check(allowed(s, CALL_OPEN_EXCL) == SAN_BUILD);
			check(allowed(s, CALL_FSYNC) == rec);
			check(allowed(s, CALL_FTRUNCATE) == rec);
		}
	return check_summary("t_sandbox");
}
