/*
 * main.c: one connection's pipeline, in order, and its exit status.
 * Each stage is one file; this is the only place that knows their order.
 */
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>

#include "activation.h"
#include "auth.h"
#include "backsplice.h"
#include "config.h"
#include "exec_stub.h"
#include "http.h"
#include "io.h"
#include "log.h"
#include "passthrough.h"
#include "preflight.h"
#include "privdrop.h"
#include "proctitle.h"
#include "proxy.h"
#include "proxy_build.h"
#include "record.h"
#include "relay.h"
#include "reqgate.h"
#include "resident.h"
#include "sandbox.h"
#include "stop.h"
#include "tls.h"
#include "upgrade.h"
#include "web.h"
#include "wsinetd.h"

/*
 * Privileges down, then the exec: stub (forked while nothing filters us,
 * so its program runs unfiltered), then the request filter: every client
 * byte from here on is parsed under it.  0, or -1 when the connection is
 * over (logged).
 */
static int
main_confine(struct conn *c)
{
	if (privdrop_apply(c->peer) != 0) {	/* logged: --user, --chroot */
		/* A plain HTTP client can still be told, with no byte of it
		 * parsed; a TLS one (no handshake yet) or one behind a PROXY
		 * sender (its header unread) gets the close. */
		if (c->tls == NULL && !cfg.proxy_protocol)
			http_fail(c, 500, "the server's configuration is "
			    "wrong; its log says why");
		c->exit_status = EXIT_CONFIG;
		return -1;
	}
	if (exec_stub_fork(c) != 0 ||
	    sandbox_request(c, exec_stub_needed(&cfg.routes)) != 0) {
		c->exit_status = EXIT_FAIL;
		return -1;
	}
	return 0;
}

/*
 * Read requests until one is for a WebSocket (0: go on with the upgrade),
 * or the connection is done (1: static files served, a passthrough
 * relayed, or a refusal answered).  --web keeps a connection alive across
 * several requests; a later one may still be an upgrade.
 */
static int
main_requests(struct conn *c)
{
	struct reqgate	 gate;
	const char	*why = NULL;
	bool		 web;
	int		 status;

	for (;;) {
		if ((status = http_read_request(c)) != 0) {
			if (status > 0)
				http_fail(c, status, status == 503 ?
				    STOP_WHY : NULL);
			/* Kept alive, then closed or idle: the requests
			 * served have their lines; there is no new one. */
			else if (c->req.nreq > 0)
				c->logged = true;
			return 1;
		}
		forwarded_apply(c);		/* --trust-forwarded */
		if ((status = auth_check(c)) != 0) {	/* --auth-file */
			http_fail(c, status, status == 401 ?
			    "credentials needed" : NULL);
			return 1;
		}
		web = cfg.web_dir != NULL && !upgrade_requested(&c->req);
		/* Every check, for every request (logged). */
		gate = (struct reqgate){ .log_miss = !web };
		if ((status = reqgate(c, &c->req, &gate)) != 0) {
			http_fail(c, status, gate.why);
			return 1;
		}
		if ((status = gate.route) == 400) {
			log_warnx("%s: \"%s %s\": the backend's request target "
			    "does not fit, answered 400", c->peer,
			    c->req.method_name, c->req.path);
			http_fail(c, status, "request target too long");
			return 1;
		}
		proctitle_set("wsinetd: %s -> %s", c->peer, web ? "web" :
		    status == 0 ? c->target.spec : "-");
		if (status == 0 && c->target.kind == TARGET_URL) {
			passthrough_run(c);
			return 1;
		}
		if (web) {
			c->route = NULL;	/* route=- in its line */
			if (web_serve(c) == 1)
				continue;	/* keep-alive */
			return 1;
		}
		if (status == 0 && (status = upgrade_check(c, &why)) != 0)
			log_warnx("%s: \"%s %s\": %s, answered %d", c->peer,
			    c->req.method_name, c->req.path, why, status);
		if (status != 0) {
			http_fail(c, status, why);
			return 1;
		}
		return 0;
	}
}

int
main(int argc, char **argv)
{
	struct conn	*c;
	int64_t		 deadline;
	int		 status;
	bool		 forked;

	proctitle_init(argc, argv);		/* before anything keeps argv */
	log_init();
	config_parse(argc, argv);		/* exits 64 */
	if (cfg.check) {
		preflight_run();		/* exits 78: what the run refuses */
		config_check_print();		/* exits 0 */
	}
	privdrop_check();			/* root needs --user: else 78 */
	record_prepare();			/* --record DIR, before the drop */
	signal(SIGPIPE, SIG_IGN);		/* EPIPE is handled per write */

	/* Three fixed buffers; pages are touched only as data flows. */
	if ((c = calloc(1, sizeof(*c))) == NULL)
		fatal(EXIT_FAIL, "allocating connection state");
	c->cli_in = c->cli_out = -1;
	activation_adopt(c);			/* in a child under --listen */
	stop_catch();				/* SIGTERM/SIGINT: see stop.c */
	c->start_ms = c->stage_ms = now_ms();
	c->target.fd = -1;			/* reqgate() sets it */
	c->rec.fd = -1;				/* record_open() sets it */
	exec_stub_init(&c->stub);
	/* Every wait from here on has a deadline, so no read may block. */
	if (io_nonblock(c->cli_in) < 0 || (c->cli_out != c->cli_in &&
	    io_nonblock(c->cli_out) < 0))
		fatal(EXIT_FAIL, "%s: O_NONBLOCK on the client socket", c->peer);
	/* Every mode ends here (Accept=yes, a --listen or Accept=no child,
	 * inetd fds 0/1, a PROXY sender's connection): no Nagle stall on a
	 * TCP client; a unix socket or pipe refuses and is left alone. */
	(void)io_nodelay(c->cli_out);

	if (cfg.proxy_protocol) {
		if (tls_preload(c) != 0)	/* GnuTLS + files, if TLS may be on */
			goto done;
		if (main_confine(c) != 0)	/* before the first parse */
			goto done;
		if (proxy_read(c) != 0 || tls_detect(c) != 0)
			goto done;
	} else {
		if (tls_detect(c) != 0)		/* may load GnuTLS + files */
			goto done;
		if (main_confine(c) != 0)	/* before the first parse */
			goto done;
	}
	if (tls_start(c) != 0)
		goto done;
	if (main_requests(c) != 0)
		goto done;
	/* The backend's stage: its own --handshake-timeout from now for the
	 * connect and the --backend-proxy header (see passthrough_run). */
	c->stage_ms = now_ms();
	deadline = c->stage_ms + (int64_t)cfg.handshake_timeout * 1000;
	status = target_open(c, deadline);
	if (status == 0)
		status = proxy_send(c, deadline);	/* --backend-proxy */
	if (status != 0) {
		http_fail_backend(c, status, "backend unavailable");
		goto done;
	}
	if (stop_pending()) {			/* no 101 after a SIGTERM */
		log_warnx("%s: \"%s %s\": %s before the upgrade, answered 503",
		    c->peer, c->req.method_name, c->req.path, stop_name());
		http_fail(c, 503, STOP_WHY);
		goto done;
	}
	record_open(c);				/* --record: this session's file */
	backsplice_open(c);			/* a pipe, if it can splice */
	if (c->target.kind != TARGET_EXEC)
		exec_stub_close(&c->stub);	/* unused: ended while kill() is
						 * allowed, the relay's is not */
	if (sandbox_enter(c) != 0) {		/* the relay's, stacked */
		http_fail_backend(c, 500, "cannot confine the relay");
		goto done;
	}
	upgrade_accept(c);			/* queued in c->to_client */
	log_info("%s: \"%s %s\" upgraded, target %s open", c->peer,
	    c->req.method_name, c->req.path, c->target.spec);
	relay_run(c);
done:
	record_close(c);			/* the rest, fsync: then its line */
	log_access(c);
	target_close(&c->target);
	exec_stub_close(&c->stub);		/* if no exec: used it */
	tls_free(c->tls);
	status = c->exit_status;
	forked = c->forked;
	free(c);
	if (forked)
		resident_child_exit(status);	/* _exit: no destructors */
	return status;
}
