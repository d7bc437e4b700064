/*
 * passthrough.c: the pipeline stage for a URL target (DESIGN.md: "forward
 * the client's request ... relay its response, and if it switches
 * protocols or keeps the connection open, splice bytes both ways
 * unchanged").  main.c calls it once routing chose a TARGET_URL route,
 * with the request head parsed in c->req and what followed it in c->rx.
 *
 * In order, all within the handshake deadline: connect (target_tcp.c),
 * shake hands as a TLS client for wss:// and https:// (tls_client.c),
 * enter the relay's seccomp filter, send the rewritten head (pass_head.c),
 * then splice (splice.c) until both directions are done; the response's
 * head has its own --handshake-timeout from when the request reached the
 * backend (splice.c).  The response,
 * 101 or not, is never parsed beyond its status code (for the access
 * line) and never changed.
 *
 * Later requests on a keep-alive connection go to the same backend
 * connection, each head rewritten the same way (splice.c finds them); a
 * later request that routing would send elsewhere ends the connection
 * after the responses so far (the client opens a new one).
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "exec_stub.h"
#include "http.h"
#include "io.h"
#include "log.h"
#include "pass_in.h"
#include "passthrough.h"
#include "sandbox.h"
#include "splice.h"
#include "tls.h"
#include "tls_client.h"
#include "wsinetd.h"

/* Write all of p to the backend before deadline: 0, or -ETIMEDOUT/-errno. */
static int
pass_send(struct conn *c, struct tls *bt, const char *p, size_t len,
    int64_t deadline)
{
	size_t	 done = 0;
	ssize_t	 n;
	int	 r;

	while (done < len) {
		if (bt != NULL)
			n = tls_send(bt, p + done, len - done);
		else
			n = write(c->target.fd, p + done, len - done);
		if (n > 0) {
			done += (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n == 0 || errno != EAGAIN)
			return n == 0 ? -EPIPE : -errno;
		if ((r = io_wait(c->target.fd, POLLOUT, deadline)) < 0)
			return r;
	}
	return 0;
}

void
passthrough_run(struct conn *c)
{
	int64_t		 deadline;
	struct tls	*bt = NULL;
	size_t		 len = 0;
	int		 status, r;

	/* The backend's stage starts now, with its own --handshake-timeout:
	 * the time the client took (static files kept alive before this
	 * request, a slow head, a wait for --auth-checks) is not the
	 * backend's, and a 504 says the backend was slow. */
	c->stage_ms = now_ms();
	deadline = c->stage_ms + (int64_t)cfg.handshake_timeout * 1000;

	status = target_tcp_open(&c->target, c->peer, deadline);
	if (status == 0 && c->target.url_tls)
		status = tls_client_open(&bt, c->target.fd, c->target.host,
		    c->target.host_is_ip, c->peer, c->target.spec, deadline);
	if (status != 0) {
		http_fail_backend(c, status, "backend unavailable");
		goto done;
	}
	/* c->to_backend is free until the splice: the head goes there. */
	if (pass_head_for(c, &c->req, c->rest, (char *)c->to_backend.data,
	    sizeof(c->to_backend.data), &len) != 0) {
		/* The head is at most MAX_HEADER_BYTES and the buffer 16
		 * times that: only a huge target URL path gets here. */
		log_warnx("%s: backend %s: rewritten request head over %zu "
		    "bytes, answered 502", c->peer, c->target.spec,
		    sizeof(c->to_backend.data));
		http_fail_backend(c, 502, "request too large for the backend");
		goto done;
	}
	exec_stub_close(&c->stub);		/* unused: see main.c */
	if (sandbox_enter(c) != 0) {		/* only the splice from here */
		http_fail_backend(c, 500, "cannot confine the relay");
		goto done;
	}
	r = pass_send(c, bt, (const char *)c->to_backend.data, len, deadline);
	if (r != 0) {
		status = r == -ETIMEDOUT ? 504 : r == -ECANCELED ? 503 : 502;
		log_warnx("%s: backend %s: sending the request: %s, answered "
		    "%d", c->peer, c->target.spec, strerror(-r), status);
		http_fail_backend(c, status, "backend unavailable");
		goto done;
	}
	if ((status = splice_run(c, bt)) != 0)
		http_fail_backend(c, status, status == 504 ? "backend sent no "
		    "response in time" : "backend closed without a response");
done:
	tls_free(bt);
	target_close(&c->target);
}
