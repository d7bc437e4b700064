/*
 * sandbox_rules.h: the system calls the relay phase may make, one line
 * each, read like a pledge string.  src/sandbox_gen.c turns this table into
 * BPF programs at build time (with libseccomp); src/sandbox.c loads one.
 * README.md's table "System calls allowed in the relay" lists the same
 * lines: change both together.
 *
 * Profiles: SB_ALL every relay, SB_TLS only when the client speaks TLS
 * or a passthrough's backend does (wss://, https://: GnuTLS's record
 * layer), SB_EXEC only for an exec: target (the relay of any other target
 * has no child to reap or signal, and as --user it must not signal other
 * processes of that user), SB_SAN only in the ASan+UBSan build (the
 * sanitizer runtime's exit-time leak check and its reports).
 * Conditions on arguments: SB_ANY none; SB_UNIX socket(AF_UNIX, ...)
 * only; SB_NOEXEC no PROT_EXEC in the protection bits; SB_OUTQ only the
 * SIOCOUTQ request; SB_EACCES not allowed, but fails with EACCES instead
 * of ending the process (syslog() reconnects to a missing /dev/log on
 * every line: that must fail quietly, as it does without the filter).
 */
#ifndef SANDBOX_RULES_H
#define SANDBOX_RULES_H

#define SB_ALL		1
#define SB_TLS		2
#define SB_SAN		4
#define SB_EXEC		8

enum sandbox_cond { SB_ANY, SB_UNIX, SB_NOEXEC, SB_OUTQ, SB_EACCES };

#define SANDBOX_RULES(X)						\
	/* the relay: both peers, the timers, shutting a side */	\
	X(read,			SB_ALL,	SB_ANY)				\
	X(write,		SB_ALL,	SB_ANY)				\
	X(recvfrom,		SB_ALL,	SB_ANY)				\
	X(sendto,		SB_ALL,	SB_ANY)				\
	X(poll,			SB_ALL,	SB_ANY)				\
	X(ppoll,		SB_ALL,	SB_ANY)				\
	X(shutdown,		SB_ALL,	SB_ANY)				\
	X(close,		SB_ALL,	SB_ANY)				\
	X(ioctl,		SB_ALL,	SB_OUTQ)			\
	X(clock_gettime,	SB_ALL,	SB_ANY)				\
	X(gettimeofday,		SB_ALL,	SB_ANY)				\
	/* memory: malloc and free, never executable */		\
	X(brk,			SB_ALL,	SB_ANY)				\
	X(mmap,			SB_ALL,	SB_NOEXEC)			\
	X(mprotect,		SB_ALL,	SB_NOEXEC)			\
	X(munmap,		SB_ALL,	SB_ANY)				\
	X(mremap,		SB_ALL,	SB_ANY)				\
	X(madvise,		SB_ALL,	SB_ANY)				\
	X(futex,		SB_ALL,	SB_ANY)				\
	/* the log: journal datagrams on a fresh unix socket, syslog */ \
	X(socket,		SB_ALL,	SB_UNIX)			\
	X(getpid,		SB_ALL,	SB_ANY)				\
	X(writev,		SB_ALL,	SB_ANY)				\
	X(connect,		SB_ALL,	SB_EACCES)			\
	/* ending: the SIGSYS handler returns, the process exits */	\
	X(rt_sigreturn,		SB_ALL,	SB_ANY)				\
	X(rt_sigprocmask,	SB_ALL,	SB_ANY)				\
	X(exit,			SB_ALL,	SB_ANY)				\
	X(exit_group,		SB_ALL,	SB_ANY)				\
	/* exec: reaping the program, SIGTERM and SIGKILL to its group; \
	 * the sanitizer's leak check waits for its tracer with wait4 */ \
	X(wait4,		SB_EXEC | SB_SAN, SB_ANY)		\
	X(kill,			SB_EXEC, SB_ANY)			\
	/* GnuTLS records (writev as sendmsg; kTLS control messages) */ \
	X(sendmsg,		SB_TLS,	SB_ANY)				\
	X(recvmsg,		SB_TLS,	SB_ANY)				\
	X(getrandom,		SB_TLS,	SB_ANY)				\
	/* sanitizer runtime: leak check at exit (a ptrace'd clone), reports */ \
	X(clone,		SB_SAN,	SB_ANY)				\
	X(ptrace,		SB_SAN,	SB_ANY)				\
	X(prctl,		SB_SAN,	SB_ANY)				\
	X(sched_yield,		SB_SAN,	SB_ANY)				\
	X(sigaltstack,		SB_SAN,	SB_ANY)				\
	X(rt_sigaction,		SB_SAN,	SB_ANY)				\
	X(gettid,		SB_SAN,	SB_ANY)				\
	X(tgkill,		SB_SAN,	SB_ANY)				\
	X(openat,		SB_SAN,	SB_ANY)				\
	X(getdents64,		SB_SAN,	SB_ANY)				\
	X(open,			SB_SAN,	SB_ANY)				\
	X(getdents,		SB_SAN,	SB_ANY)				\
	X(readlink,		SB_SAN,	SB_ANY)				\
	X(newfstatat,		SB_SAN,	SB_ANY)				\
	X(fstat,		SB_SAN,	SB_ANY)				\
	X(lseek,		SB_SAN,	SB_ANY)				\
	X(pread64,		SB_SAN,	SB_ANY)				\
	X(sched_getaffinity,	SB_SAN,	SB_ANY)				\
	X(getppid,		SB_SAN,	SB_ANY)				\
	X(dup2,			SB_SAN,	SB_ANY)

#endif
