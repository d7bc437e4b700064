/*
 * sandbox_rules.h: the system calls each phase may make, one line each,
 * read like a pledge string.  src/sandbox_gen.c turns this table into BPF
 * programs at build time (with libseccomp; as a binary tree of system-call
 * numbers); src/sandbox.c loads them.  README.md's tables "System calls
 * allowed" list the same lines: change both together.
 *
 * Two filters, stacked (the kernel runs both; the stricter answer wins):
 *
 *   the request filter, installed right after the privilege drop, before
 *   the first client byte is parsed: the PROXY header, the TLS handshake,
 *   every HTTP request, routing, token and --web files, resolving and
 *   opening the target;
 *   the relay filter, installed on top once the target is open: only what
 *   moving bytes between descriptors already held needs.
 *
 * A call the relay makes must pass both, so the request filter is built
 * from every line here (its own and all the relay's), the relay filter
 * only from the relay's.  A line is
 *
 *	X(call, where, condition, value)
 *
 * where says in which programs it goes (or'ed):
 *   SB_REQUEST	the request filter of every connection
 *   SB_RELAY	every relay (and so every request filter)
 *   SB_TLS	a relay with TLS records: the client's session, or a
 *		passthrough's to a wss:// or https:// backend
 *   SB_EXEC	only when an exec: target is configured: the request filter
 *		of such a configuration and an exec: relay (others have no
 *		child to reap or signal, and as --user must not signal that
 *		user's processes)
 *   SB_RECORD	only when --record is configured: its request filter and
 *		its relays (writing and syncing the recording)
 *   SB_RECORD_OPEN only when --record is configured, and only in the
 *		request filter (creating the recording at the upgrade)
 *   SB_SAN	only in the ASan+UBSan build (the sanitizer runtime's
 *		exit-time leak check and its reports), both filters
 * and the condition is on the call's arguments (value is its operand):
 *   SB_ANY	none (value 0)
 *   SB_A0_EQ, SB_A1_EQ	argument 0 (1) equals value
 *   SB_A2_CLEAR, SB_A3_CLEAR	argument 2 (3) has none of the bits in value
 *   SB_A2_ALL	argument 2 has all of the bits in value
 *   SB_EACCES	not allowed, but fails with EACCES instead of ending the
 *		process (syslog() reconnects to a missing /dev/log on every
 *		line: that must fail quietly, as it does without the filter)
 * Several lines for one call are or'ed; in a program where one of them
 * is SB_ANY the others are left out (it already allows everything).
 *
 * Adding a call for a feature is one line: its call, the phase that needs
 * it, and the narrowest condition that still lets the feature work, with
 * a comment above the group saying which feature.  The unit test
 * tests/unit/t_sandbox.c loads every program; the integration suite runs
 * with the filters on, and a call that is missing ends the connection with
 * a log line naming it (exit 159).
 */
#ifndef SANDBOX_RULES_H
#define SANDBOX_RULES_H

#define SB_REQUEST	1
#define SB_RELAY	2
#define SB_TLS		4
#define SB_EXEC		8
#define SB_SAN		16
#define SB_RECORD	32
#define SB_RECORD_OPEN	64

enum sandbox_cond {
	SB_ANY,
	SB_A0_EQ,
	SB_A1_EQ,
	SB_A2_CLEAR,
	SB_A3_CLEAR,
	SB_A2_ALL,
	SB_EACCES,
};

/* Opening files: read only, never created, truncated or appended to
 * (O_TMPFILE includes O_DIRECTORY, which is allowed: only its own bit). */
#define SB_O_WRITE	(O_WRONLY | O_RDWR | O_CREAT | O_TRUNC | O_APPEND | \
			 (O_TMPFILE & ~O_DIRECTORY))

#define SANDBOX_RULES(X)						\
	/* the relay: both peers, the timers, shutting a side */	\
	X(read,			SB_RELAY, SB_ANY, 0)			\
	X(write,		SB_RELAY, SB_ANY, 0)			\
	X(recvfrom,		SB_RELAY, SB_ANY, 0)			\
	X(sendto,		SB_RELAY, SB_ANY, 0)			\
	X(poll,			SB_RELAY, SB_ANY, 0)			\
	X(ppoll,		SB_RELAY, SB_ANY, 0)			\
	X(shutdown,		SB_RELAY, SB_ANY, 0)			\
	X(close,		SB_RELAY, SB_ANY, 0)			\
	X(ioctl,		SB_RELAY, SB_A1_EQ, SIOCOUTQ)		\
	X(clock_gettime,	SB_RELAY, SB_ANY, 0)			\
	X(gettimeofday,		SB_RELAY, SB_ANY, 0)			\
	/* backend -> client through a pipe (backsplice.c) */		\
	X(splice,		SB_RELAY, SB_ANY, 0)			\
	/* memory: malloc and free, never executable */		\
	X(brk,			SB_RELAY, SB_ANY, 0)			\
	X(mmap,			SB_RELAY, SB_A2_CLEAR, PROT_EXEC)	\
	X(mprotect,		SB_RELAY, SB_A2_CLEAR, PROT_EXEC)	\
	X(munmap,		SB_RELAY, SB_ANY, 0)			\
	X(mremap,		SB_RELAY, SB_ANY, 0)			\
	X(madvise,		SB_RELAY, SB_ANY, 0)			\
	X(futex,		SB_RELAY, SB_ANY, 0)			\
	/* the log: journal datagrams on a fresh unix socket, syslog */ \
	X(socket,		SB_RELAY, SB_A0_EQ, AF_UNIX)		\
	X(getpid,		SB_RELAY, SB_ANY, 0)			\
	X(writev,		SB_RELAY, SB_ANY, 0)			\
	X(connect,		SB_RELAY, SB_EACCES, 0)			\
	/* ending: the SIGSYS handler returns, the process exits */	\
	X(rt_sigreturn,		SB_RELAY, SB_ANY, 0)			\
	/* a poll() stopped (SIGSTOP, a debugger attaching) resumes so */ \
	X(restart_syscall,	SB_RELAY, SB_ANY, 0)			\
	X(rt_sigprocmask,	SB_RELAY, SB_ANY, 0)			\
	X(exit,			SB_RELAY, SB_ANY, 0)			\
	X(exit_group,		SB_RELAY, SB_ANY, 0)			\
	/* exec: reaping the program, SIGTERM and SIGKILL to its group; \
	 * the sanitizer's leak check waits for its tracer with wait4 */ \
	X(wait4,		SB_EXEC | SB_SAN, SB_ANY, 0)		\
	X(kill,			SB_EXEC, SB_ANY, 0)			\
	/* --record: the recording's last lines are synced at the end,	\
	 * a line a full disk cut is truncated away (its writes are the	\
	 * relay's write) */						\
	X(fsync,		SB_RECORD, SB_ANY, 0)			\
	X(ftruncate,		SB_RECORD, SB_ANY, 0)			\
	/* exec: --pty, a resize message sets the terminal's window	\
	 * (pty.c; its master is the only terminal the relay holds) */	\
	X(ioctl,		SB_EXEC, SB_A1_EQ, TIOCSWINSZ)		\
	/* GnuTLS records (writev as sendmsg; kTLS control messages) */ \
	X(sendmsg,		SB_TLS, SB_ANY, 0)			\
	X(recvmsg,		SB_TLS, SB_ANY, 0)			\
	X(getrandom,		SB_TLS, SB_ANY, 0)			\
									\
	/* request: stacking the relay's filter on this one */		\
	X(prctl,		SB_REQUEST, SB_A0_EQ, PR_SET_SECCOMP)	\
	/* request: descriptors (O_NONBLOCK), sockets to backends and	\
	 * resolvers (netlink: getaddrinfo's AI_ADDRCONFIG; DNS sends	\
	 * its queries with sendmmsg); sendmsg, recvmsg and getrandom	\
	 * (GnuTLS's handshake) come with the TLS relay's lines */	\
	X(fcntl,		SB_REQUEST, SB_ANY, 0)			\
	X(socket,		SB_REQUEST, SB_A0_EQ, AF_INET)		\
	X(socket,		SB_REQUEST, SB_A0_EQ, AF_INET6)		\
	X(socket,		SB_REQUEST, SB_A0_EQ, AF_NETLINK)	\
	X(connect,		SB_REQUEST, SB_ANY, 0)			\
	X(bind,			SB_REQUEST, SB_ANY, 0)			\
	X(getsockname,		SB_REQUEST, SB_ANY, 0)			\
	X(getpeername,		SB_REQUEST, SB_ANY, 0)			\
	X(getsockopt,		SB_REQUEST, SB_ANY, 0)			\
	X(setsockopt,		SB_REQUEST, SB_ANY, 0)			\
	X(sendmmsg,		SB_REQUEST, SB_ANY, 0)			\
	/* request: the splice relay's pipe, opened with the target */	\
	X(pipe2,		SB_REQUEST, SB_ANY, 0)			\
	X(uname,		SB_REQUEST, SB_ANY, 0)			\
	X(clock_nanosleep,	SB_REQUEST, SB_ANY, 0)			\
	X(nanosleep,		SB_REQUEST, SB_ANY, 0)			\
	/* request: a SIGTERM still pending is answered 503 (stop.c) */ \
	X(rt_sigpending,	SB_REQUEST, SB_ANY, 0)			\
	/* request: files, read only: --web (openat2 beneath DIR), the	\
	 * token file or directory, NSS and resolver files, a backend's	\
	 * trust store; sendfile for --web bodies */			\
	X(openat,		SB_REQUEST, SB_A2_CLEAR, SB_O_WRITE)	\
	X(openat2,		SB_REQUEST, SB_ANY, 0)			\
	X(newfstatat,		SB_REQUEST, SB_ANY, 0)			\
	X(fstat,		SB_REQUEST, SB_ANY, 0)			\
	X(statx,		SB_REQUEST, SB_ANY, 0)			\
	X(lseek,		SB_REQUEST, SB_ANY, 0)			\
	X(pread64,		SB_REQUEST, SB_ANY, 0)			\
	X(getdents64,		SB_REQUEST, SB_ANY, 0)			\
	X(sendfile,		SB_REQUEST, SB_ANY, 0)			\
	/* request, --record: creating the session's recording in DIR	\
	 * at the upgrade: a new file only (O_CREAT with O_EXCL), never	\
	 * one that exists, so no file the user can write is changed */	\
	X(openat,		SB_RECORD_OPEN, SB_A2_ALL, O_CREAT | O_EXCL) \
	/* request: loading a library after the drop (GnuTLS for a	\
	 * wss:// backend, an NSS module): a file's pages may be mapped	\
	 * executable, anonymous memory never */			\
	X(mmap,			SB_REQUEST, SB_A3_CLEAR, MAP_ANONYMOUS)	\
									\
	/* sanitizer runtime: leak check at exit (a ptrace'd clone), reports */ \
	X(clone,		SB_SAN, SB_ANY, 0)			\
	X(ptrace,		SB_SAN, SB_ANY, 0)			\
	X(prctl,		SB_SAN, SB_ANY, 0)			\
	X(sched_yield,		SB_SAN, SB_ANY, 0)			\
	X(sigaltstack,		SB_SAN, SB_ANY, 0)			\
	X(rt_sigaction,		SB_SAN, SB_ANY, 0)			\
	X(gettid,		SB_SAN, SB_ANY, 0)			\
	X(tgkill,		SB_SAN, SB_ANY, 0)			\
	X(openat,		SB_SAN, SB_ANY, 0)			\
	X(getdents64,		SB_SAN, SB_ANY, 0)			\
	X(open,			SB_SAN, SB_ANY, 0)			\
	X(getdents,		SB_SAN, SB_ANY, 0)			\
	X(readlink,		SB_SAN, SB_ANY, 0)			\
	X(newfstatat,		SB_SAN, SB_ANY, 0)			\
	X(fstat,		SB_SAN, SB_ANY, 0)			\
	X(lseek,		SB_SAN, SB_ANY, 0)			\
	X(pread64,		SB_SAN, SB_ANY, 0)			\
	X(sched_getaffinity,	SB_SAN, SB_ANY, 0)			\
	X(getppid,		SB_SAN, SB_ANY, 0)			\
	X(dup2,			SB_SAN, SB_ANY, 0)

#endif
