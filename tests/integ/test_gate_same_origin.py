"""Issue 14 item 5: same origin by default (cross-site WebSocket
hijacking).  Without --origin, an upgrade whose Origin is not this
server's is 403, with a log line naming the Origin and the option that
would allow it: any page a user visits could otherwise open a WebSocket
to wsinetd (for exec:, a shell).  Same means the Origin's host and port
(80/443 by its scheme) equal the request's Host, or a --trust-forwarded
proxy's X-Forwarded-Host; no Origin (a non-browser client) passes;
--origin '*' allows any."""

from helpers import RawClient, expect_accept, refused, upgrade_request


def accepted(srv, host, origin, extra=()):
    c = RawClient.connect(srv.host, srv.port)
    hdrs = [("Origin", origin)] if origin is not None else []
    expect_accept(c.handshake(host=host, extra=hdrs + list(extra)))
    c.close()


def test_gate_same_origin(wsinetd):
    srv = wsinetd.socket_activate("echo")
    here = "localhost:%d" % srv.port
    for host, origin in ((here, "http://" + here), (here, "https://" + here),
                         (here, "HTTP://LocalHost:%d" % srv.port),
                         ("localhost", "http://localhost"), ("localhost", "https://localhost"),
                         ("localhost:443", "wss://localhost"), ("localhost:80", "ws://localhost"),
                         ("[::1]:%d" % srv.port, "http://[::1]:%d" % srv.port),
                         (here, None)):
        accepted(srv, host, origin)
    bad = ((here, "https://evil.example"), (here, "http://localhost"),
           ("localhost", "http://localhost:8080"), ("localhost:443", "http://localhost"),
           (here, "null"), (here, "file://"), (here, "http://localhost:%d/" % srv.port),
           (here, "http://user@localhost:%d" % srv.port), ("evil.example", "http://evil.example."))
    for host, origin in bad:
        refused(srv, upgrade_request(host=host, extra=[("Origin", origin)]), 403)
    log = srv.log()
    assert log.count("Origin is not this server's") == len(bad), log
    assert ("Origin is not this server's (Origin https://evil.example, Host %s; allow it with "
            "--origin https://evil.example, or any with --origin '*'), answered 403" % here) in log

    # --origin '*': any origin.
    srv = wsinetd.socket_activate("--origin", "*", "echo")
    accepted(srv, "localhost", "https://evil.example")

    # Behind a trusted proxy the browser's host is X-Forwarded-Host.
    fwd = [("X-Forwarded-Host", "public.example")]
    srv = wsinetd.socket_activate("--trust-forwarded", "127.0.0.1", "echo")
    accepted(srv, "127.0.0.1:%d" % srv.port, "https://public.example", fwd)
    refused(srv, upgrade_request(extra=[("Origin", "https://evil.example")] + fwd), 403)
    # ... and only then: from another peer it is the client's own word.
    srv = wsinetd.socket_activate("echo")
    refused(srv, upgrade_request(host="127.0.0.1:%d" % srv.port,
                                 extra=[("Origin", "https://public.example")] + fwd), 403)
