/*
 * main.c: one connection's pipeline, in order, and its exit status.
 * Each stage is one file; this is the only place that knows their order.
 */
#include <signal.h>
#include <stdlib.h>

#include "activation.h"
#include "config.h"
#include "http.h"
#include "io.h"
#include "log.h"
#include "privdrop.h"
#include "proxy.h"
#include "relay.h"
#include "sandbox.h"
#include "tls.h"
#include "upgrade.h"
#include "wsinetd.h"

int
main(int argc, char **argv)
{
	struct conn	*c;
	const char	*why = NULL;
	int		 status;

	log_init();
	config_parse(argc, argv);		/* exits 64 */
	if (cfg.check) {
		tls_check();			/* exits 78 if TLS cannot load */
		config_check_print();		/* exits 0 */
	}
	privdrop_check();			/* root needs --user: else 78 */
	signal(SIGPIPE, SIG_IGN);		/* EPIPE is handled per write */

	/* Three fixed buffers; pages are touched only as data flows. */
	if ((c = calloc(1, sizeof(*c))) == NULL)
		fatal(EXIT_FAIL, "allocating connection state");
	c->cli_in = c->cli_out = -1;
	activation_adopt(c);			/* in a child under --listen */
	c->start_ms = now_ms();
	/* Every wait from here on has a deadline, so no read may block. */
	if (io_nonblock(c->cli_in) < 0 || io_nonblock(c->cli_out) < 0)
		fatal(EXIT_FAIL, "%s: O_NONBLOCK on the client socket", c->peer);
	c->target = cfg.target;			/* parsed by config */

	if (cfg.proxy_protocol) {
		if (tls_preload(c) != 0)	/* GnuTLS + files, if TLS may be on */
			goto done;
		privdrop_apply(c->peer);	/* before the first parse */
		if (proxy_read(c) != 0 || tls_detect(c) != 0)
			goto done;
	} else {
		if (tls_detect(c) != 0)		/* may load GnuTLS + files */
			goto done;
		privdrop_apply(c->peer);	/* before the first parse */
	}
	if (tls_start(c) != 0)
		goto done;
	if ((status = http_read_request(c)) != 0) {
		if (status > 0)
			http_fail(c, status, NULL);
		goto done;
	}
	forwarded_apply(c);			/* --trust-forwarded */
	if ((status = upgrade_check(c, &why)) != 0) {
		log_warnx("%s: \"%s %s\": %s, answered %d", c->peer,
		    c->req.method_name, c->req.path, why, status);
		http_fail(c, status, why);
		goto done;
	}
	status = target_open(&c->target, c->peer, c->start_ms +
	    (int64_t)cfg.handshake_timeout * 1000);
	if (status != 0) {
		http_fail(c, status, "backend unavailable");
		c->exit_status = EXIT_FAIL;
		goto done;
	}
	if (sandbox_enter(c) != 0) {		/* only the relay from here */
		http_fail(c, 500, "cannot confine the relay");
		c->exit_status = EXIT_FAIL;
		goto done;
	}
	upgrade_accept(c);			/* queued in c->to_client */
	relay_run(c);
done:
	log_access(c);
	target_close(&c->target);
	tls_free(c->tls);
	status = c->exit_status;
	free(c);
	return status;
}
