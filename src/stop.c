/*
 * stop.c: SIGTERM and SIGINT in a connection's handler.  systemd sends
 * SIGTERM on `systemctl stop` of an instance (and at shutdown), a
 * terminal sends SIGINT; either asks the handler to end its connection
 * the way DESIGN.md's "Relay semantics" says: before the 101 a 503 when a
 * request was read (else just a close), during the relay a Close 1001,
 * a bounded drain, the access line, exit 0.
 *
 * The handler only records the signal in cfg.stop_signal.  Both signals
 * stay blocked except inside stop_ppoll(), which every wait goes through
 * (io_wait(), the relay's and the splice's loops): a signal that arrives
 * while the process computes is delivered by the next wait, which fails
 * with EINTR, so no signal is lost between a check and a wait.  Callers see
 * -ECANCELED from io_wait() and decide what the peer gets.
 */
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <string.h>
#include <time.h>

#include "stop.h"
#include "wsinetd.h"

static void
stop_handler(int sig)
{
	cfg.stop_signal = sig;
}

/*
 * Install the handler and block both signals outside waits.  Called once
 * the process is a connection's own (after activation: a resident parent
 * handles its signals itself).  exec: programs start with no signal
 * blocked (target_exec.c resets the mask).
 */
void
stop_catch(void)
{
	struct sigaction sa;
	sigset_t	 both;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = stop_handler;
	sigemptyset(&sa.sa_mask);
	sigemptyset(&both);
	sigaddset(&both, SIGTERM);
	sigaddset(&both, SIGINT);
	sigprocmask(SIG_BLOCK, &both, &cfg.stop_waitmask);
	sigdelset(&cfg.stop_waitmask, SIGTERM);
	sigdelset(&cfg.stop_waitmask, SIGINT);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	cfg.stop_armed = true;
}

/*
 * poll(2) with SIGTERM and SIGINT let through: -1 with EINTR when one
 * arrived (cfg.stop_signal says which), else as poll().  ms < 0 waits
 * without a bound.
 */
int
stop_ppoll(struct pollfd *pfd, nfds_t n, int ms)
{
	struct timespec	 ts;

	if (!cfg.stop_armed)
		return poll(pfd, n, ms);
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (long)(ms % 1000) * 1000000;
	return ppoll(pfd, n, ms < 0 ? NULL : &ts, &cfg.stop_waitmask);
}

/*
 * Has a stop been asked for?  Also true for a signal still pending (it
 * came while the process was not waiting); it is taken now.
 */
bool
stop_pending(void)
{
	sigset_t	 set;

	if (cfg.stop_signal != 0 || !cfg.stop_armed)
		return cfg.stop_signal != 0;
	if (sigpending(&set) == 0 && (sigismember(&set, SIGTERM) ||
	    sigismember(&set, SIGINT)))
		(void)stop_ppoll(NULL, 0, 0);	/* delivers it */
	return cfg.stop_signal != 0;
}

/* "SIGTERM" or "SIGINT", for the log line that says what was done. */
const char *
stop_name(void)
{
	return cfg.stop_signal == SIGINT ? "SIGINT" : "SIGTERM";
}
