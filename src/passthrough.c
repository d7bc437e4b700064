/*
 * passthrough.c: reverse-proxy passthrough (being built on the pass branch).
 */
#include "http.h"
#include "log.h"
#include "passthrough.h"
#include "wsinetd.h"

void
passthrough_run(struct conn *c)
{
	log_warnx("%s: passthrough to %s: not built yet, answered 502",
	    c->peer, c->target.spec);
	http_fail(c, 502, "passthrough not built yet");
	c->exit_status = EXIT_FAIL;
}
