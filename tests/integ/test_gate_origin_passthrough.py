"""Issue 14 item 4: --origin is enforced on ws:// passthrough routes
before anything is sent to the backend.  The upgrade used to be passed
through before the Origin was looked at, so an evil Origin reached the
backend (a python3-websockets server that records every handshake).
Without --origin a passthrough keeps forwarding Origin, and the
backend decides (item 5).  A later upgrade on a kept-alive
http:// passthrough is held to --origin too (the gate runs there under
the relay's seccomp filter): 403 after the first response."""

import socket

from harness import wait_for
from helpers import RawClient, expect_accept, refused, upgrade_request
from pass_helpers import HttpBackend, WsBackend, read_http_response, recv_all


def test_gate_origin_passthrough(wsinetd):
    b = WsBackend()
    try:
        route = "/ws/=" + b.url()
        srv = wsinetd.socket_activate("--origin", "https://good.example", "--route", route, "echo")
        r = refused(srv, upgrade_request(path="/ws/", extra=[("Origin", "https://evil.example")]),
                    403)
        assert r.status == 403
        srv.wait_log("Origin not allowed by --origin (Origin https://evil.example; "
                     "add --origin https://evil.example to allow it), answered 403")
        assert b.requests == [], b.requests
        c = RawClient.connect(srv.host, srv.port)
        expect_accept(c.handshake(path="/ws/", extra=[("Origin", "https://good.example")]))
        c.close()
        # The backend's 101 can reach us before its handler records the
        # request: wait for the record.
        wait_for(lambda: len(b.requests) == 1, what="the backend's record")
        assert [h["origin"] for _, h in b.requests] == [["https://good.example"]], b.requests

        # No --origin: the backend gets the Origin, whatever it is.
        srv = wsinetd.socket_activate("--route", route, "echo")
        c = RawClient.connect(srv.host, srv.port)
        expect_accept(c.handshake(path="/ws/", extra=[("Origin", "https://evil.example")]))
        c.close()
        wait_for(lambda: len(b.requests) == 2, what="the backend's record")
        assert b.requests[-1][1]["origin"] == ["https://evil.example"], b.requests
    finally:
        b.close()


def test_gate_origin_passthrough_later(wsinetd):
    b = HttpBackend()
    try:
        srv = wsinetd.socket_activate("--origin", "https://good.example", "--route",
                                      "/api/=" + b.url(), "echo")
        s = socket.create_connection((srv.host, srv.port), timeout=10)
        s.sendall(b"GET /api/one HTTP/1.1\r\nHost: h\r\n\r\n")
        st, _, _, rest = read_http_response(s)
        assert st == 200
        s.sendall(upgrade_request(path="/api/ws", extra=[("Origin", "https://evil.example")]))
        tail = rest + recv_all(s)
        s.close()
        assert tail.startswith(b"HTTP/1.1 403 Forbidden\r\n"), tail
        srv.wait_log("Origin not allowed by --origin (Origin https://evil.example;")
        assert [x[1] for x in b.seen] == ["/api/one"], b.seen
        assert "seccomp" not in srv.log(), srv.log()
    finally:
        b.close()
