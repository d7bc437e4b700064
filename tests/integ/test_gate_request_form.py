"""Issue 14 item 11: lenient request forms are refused before any
backend sees them.  A request target with TAB, FF, a space-like or
control byte, DEL or a byte >= 0x80 is 400 (http-parser took them, and
they were forwarded verbatim; nginx answers 400).  HTTP/1.1 without Host
is 400 (RFC 9112 §3.2), and so is a Host that is not host[:port] (RFC
9110 §7.2); HTTP/1.0 without one passes.  An absolute-form
target is routed by its own authority (RFC 9112 §3.2.2), and refused
when Host names another host, since a backend might read either."""

import json

from gate_helpers import exchange, status_of
from pass_helpers import HttpBackend


def test_gate_request_form(wsinetd):
    a, b = HttpBackend(), HttpBackend()
    try:
        srv = wsinetd.socket_activate("--route", "a.example/app/=" + a.url(),
                                      "--route", "/app/=" + b.url(), "echo")
        close = b"Connection: close\r\n"
        for target in (b"/app/a\tb", b"/app/a\x0cb", b"/app/\x80x", b"/app/\xc3\xa9",
                       b"/app/a\x7fb", b"/app/a\x01b", b"ftp://a.example/app/x",
                       b"app/x"):
            resp = exchange(srv, b"GET " + target + b" HTTP/1.1\r\nHost: h\r\n" + close + b"\r\n")
            assert status_of(resp) == 400, (target, resp[:300])
        # An upgrade to a WebSocket target is held to the same form.
        resp = exchange(srv, b"GET /a\tb HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\n"
                        b"Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                        b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
        assert status_of(resp) == 400, resp[:300]
        # http-parser refuses some of these itself ("malformed request");
        # TAB, FF and the bytes >= 0x80 it took.
        assert srv.log().count("a control, space or non-ASCII byte in the request target") == 5
        assert "a request target in neither origin nor absolute form" in srv.log()

        resp = exchange(srv, b"GET /app/x HTTP/1.1\r\n" + close + b"\r\n")
        assert status_of(resp) == 400, resp[:300]
        assert "HTTP/1.1 without Host, answered 400" in srv.log()
        assert a.seen == [] and b.seen == [], (a.seen, b.seen)

        # A Host that is not host[:port] (RFC 9110 §7.2), folded included.
        for host in (b"a b", b"a/b", b"u@a.example", b"a.example:99999", b"a.example:",
                     b"[a.example]", b"a\r\n x"):
            resp = exchange(srv, b"GET /app/x HTTP/1.1\r\nHost: " + host + b"\r\n" + close +
                            b"\r\n")
            assert status_of(resp) == 400, (host, resp[:300])
        assert srv.log().count("a Host that is not host[:port] (Host ") == 7
        assert a.seen == [] and b.seen == [], (a.seen, b.seen)

        resp = exchange(srv, b"GET /app/x HTTP/1.0\r\n\r\n")
        assert status_of(resp) == 200 and b.seen[-1][1] == "/app/x", resp[:300]

        # Absolute form: its authority routes, Host or not.
        for req in (b"GET http://a.example/app/y HTTP/1.1\r\nHost: a.example\r\n",
                    b"GET HTTP://A.example/app/y?q HTTP/1.1\r\nHost: a.EXAMPLE\r\n",
                    b"GET http://a.example/app/y HTTP/1.0\r\n"):
            resp = exchange(srv, req + close + b"\r\n")
            assert status_of(resp) == 200, (req, resp[:300])
            got = json.loads(resp.split(b"\r\n\r\n", 1)[1])
            assert got["path"].startswith("/app/y"), got
            assert got["headers"]["host"] == ["127.0.0.1:%d" % a.port], got
        assert len(a.seen) == 3 and len(b.seen) == 1, (a.seen, b.seen)
        resp = exchange(srv, b"GET http://a.example/app/y HTTP/1.1\r\nHost: b.example\r\n"
                        + close + b"\r\n")
        assert status_of(resp) == 400, resp[:300]
        assert "an absolute-form target whose authority is not Host, answered 400" in srv.log()
        assert len(a.seen) == 3 and len(b.seen) == 1, (a.seen, b.seen)
    finally:
        a.close()
        b.close()
