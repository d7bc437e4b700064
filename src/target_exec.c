/*
 * target_exec.c: exec:PROGRAM [ARG...] (being built on the exec branch).
 */
#include "log.h"
#include "target.h"
#include "wsinetd.h"

int
target_exec_open(struct conn *c, int64_t deadline)
{
	(void)deadline;
	log_warnx("%s: exec: not built yet, answered 502", c->peer);
	return 502;
}
