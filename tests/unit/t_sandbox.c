/*
 * t_sandbox.c: the compiled seccomp programs, loaded for real.  Each check
 * forks a child that installs one profile and makes one system call: a
 * call in that profile returns, one outside it ends the child with SIGSYS
 * (no handler is installed here, so the default action applies).  Only
 * exec: relays may reap and signal (wait4, kill): any other relay,
 * running as --user, must not be able to signal that user's processes.
 */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include "check.h"
#include "sandbox.h"

/* The sanitizer build also allows what its runtime needs (SB_SAN): its
 * leak check waits for the thread that stops the others with wait4. */
#ifdef __SANITIZE_ADDRESS__
#define SAN_BUILD	true
#else
#define SAN_BUILD	false
#endif

enum call { CALL_GETPID, CALL_KILL, CALL_WAIT4, CALL_SENDMSG, CALL_EXECVE };

static long
make_call(enum call call)
{
	char	*argv[] = { "/bin/true", NULL };

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
	}
	return -1;
}

/* Is call allowed under the profile?  (false: the child got SIGSYS) */
static bool
allowed(bool tls, bool exec, enum call call)
{
	struct sock_fprog prog;
	struct rlimit	 no_core = { 0, 0 };
	pid_t		 pid;
	int		 status;

	sandbox_program(tls, exec, &prog);
	if ((pid = fork()) == -1)
		return false;
	if (pid == 0) {
		(void)setrlimit(RLIMIT_CORE, &no_core);
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1 ||
		    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) == -1)
			_exit(2);
		_exit(make_call(call) == 0 ? 0 : 3);
	}
	if (waitpid(pid, &status, 0) != pid)
		return false;
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS)
		return false;
	check(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	return true;
}

int
main(void)
{
	int	 tls, exec;

	for (tls = 0; tls <= 1; tls++)
		for (exec = 0; exec <= 1; exec++) {
			check(allowed(tls, exec, CALL_GETPID));
			check(allowed(tls, exec, CALL_KILL) == exec);
			check(allowed(tls, exec, CALL_WAIT4) ==
			    (exec || SAN_BUILD));
			check(allowed(tls, exec, CALL_SENDMSG) == tls);
			check(!allowed(tls, exec, CALL_EXECVE));
		}
	return check_summary("t_sandbox");
}
