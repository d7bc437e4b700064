"""--auth-file in front of an http:// passthrough backend: without the
credentials nothing reaches the backend (401 from wsinetd); with them
the request passes, but the Authorization header, meant for wsinetd,
does not.  A later request on the same kept-alive connection passes only
with the very credentials checked for the first (the relay's filter
cannot read the file again): other ones, even valid, end the connection
after the responses so far, and a new connection checks them afresh."""

import json

from auth_helpers import basic, users_file
from helpers import wait_log_line
from pass_helpers import HttpBackend, connect, http_request, read_http_response


def test_auth_passthrough(wsinetd):
    users = users_file(wsinetd, {"alice": "a pw", "bob": "b pw"})
    b = HttpBackend()
    try:
        srv = wsinetd.socket_activate("--auth-file", users, b.url())
        s = connect(srv)
        s.sendall(http_request("GET", "/none", "h"))
        st, _, _, _ = read_http_response(s)
        assert st == 401
        s.close()

        s = connect(srv)
        me = "%s:%d" % s.getsockname()[:2]
        s.sendall(http_request("GET", "/one", "h", extra=[basic("alice", "a pw")]))
        st1, _, body1, rest = read_http_response(s)
        s.sendall(http_request("GET", "/two", "h", extra=[basic("alice", "a pw")]))
        st2, _, body2, rest = read_http_response(s, rest)
        assert (st1, st2) == (200, 200)
        one, two = json.loads(body1), json.loads(body2)
        assert one["conn"] == two["conn"], "the same backend connection"
        for got in (one, two):
            assert "authorization" not in got["headers"], got["headers"]
        s.sendall(http_request("GET", "/three", "h", extra=[basic("bob", "b pw")]))
        s.settimeout(10)
        assert rest == b"" and s.recv(100) == b"", "bob's request answered on alice's connection"
        s.close()
        wait_log_line(srv, me, "a later request on this connection has other credentials "
                      "than the first (--auth-file)")
        line = wait_log_line(srv, me, "target=" + b.url())
        assert " 200 " in line and line.endswith(" user=alice"), line
        assert [p for _, p, _, _ in b.seen] == ["/one", "/two"], b.seen

        s = connect(srv)
        s.sendall(http_request("GET", "/three", "h", extra=[basic("bob", "b pw")]))
        st, _, body, _ = read_http_response(s)
        assert st == 200 and json.loads(body)["path"] == "/three"
        s.close()
    finally:
        b.close()
