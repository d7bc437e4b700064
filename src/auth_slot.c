/*
 * auth_slot.c: a bound on the password checks running at once.
 *
 * yescrypt is memory-hard on purpose: each check maps its 16 MiB while it
 * runs, so 512 handlers (the default --max-connections) each checking a
 * wrong password could hold 8 GiB, asked for by a client with no
 * credentials at all.  Under a resident parent (--listen, Accept=no) the
 * handlers are its children, so the parent makes one empty memfd before
 * it forks them, and a check first takes one of --auth-checks slots: a
 * POSIX record lock (F_SETLK) on byte i of that file.  Such locks belong
 * to the process, not to the descriptor its parent shared, so siblings
 * exclude each other, and the kernel releases a slot when its holder
 * exits, crashed or not: no count to leak.  A check that finds every slot
 * taken waits (polling every AUTH_SLOT_POLL_MS) until its deadline, then
 * is answered 503.  An Accept=yes process has no parent of ours: there
 * systemd's MaxConnections= and MemoryMax= bound it (README).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/mman.h>
#include <unistd.h>

#include "auth_slot.h"
#include "log.h"
#include "wsinetd.h"

#define AUTH_SLOT_POLL_MS	10

/* In the resident parent, before the first fork; needs --auth-file. */
void
auth_slot_init(void)
{
	if (cfg.auth_file == NULL || cfg.auth_slots_fd >= 0)
		return;
	if ((cfg.auth_slots_fd = memfd_create("wsinetd-auth-checks",
	    MFD_CLOEXEC)) == -1)
		fatal(EXIT_FAIL, "memfd_create for --auth-checks");
}

static int
auth_slot_lock(int slot, short type)
{
	struct flock	 fl = {
		.l_type = type,
		.l_whence = SEEK_SET,
		.l_start = slot,
		.l_len = 1,
	};

	return fcntl(cfg.auth_slots_fd, F_SETLK, &fl);
}

/*
 * A slot for one check, waiting until deadline: the slot (>= 0; -1 when
 * there is no bound here, as under Accept=yes), or -2 when every slot
 * stayed taken (logged: the caller answers 503).
 */
int
auth_slot_take(const char *peer, int64_t deadline)
{
	unsigned	 i;

	if (cfg.auth_slots_fd < 0)
		return -1;
	for (;;) {
		for (i = 0; i < cfg.auth_checks; i++)
			if (auth_slot_lock((int)i, F_WRLCK) == 0)
				return (int)i;
			else if (errno != EAGAIN && errno != EACCES) {
				log_warn("%s: --auth-checks lock", peer);
				return -2;
			}
		if (now_ms() >= deadline)
			break;
		(void)poll(NULL, 0, AUTH_SLOT_POLL_MS);
	}
	log_warnx("%s: all %u password checks (--auth-checks) stayed busy "
	    "for %d s, answered 503", peer, cfg.auth_checks,
	    cfg.handshake_timeout);
	return -2;
}

void
auth_slot_give(int slot)
{
	if (slot >= 0)
		(void)auth_slot_lock(slot, F_UNLCK);
}
