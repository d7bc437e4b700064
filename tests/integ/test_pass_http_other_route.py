"""A later request on a keep-alive connection that routing would send to
another target is not passed to this backend: the first response
arrives, then the connection ends (a client opens a new one), with a
log line saying why."""

import json
import time

from pass_helpers import HttpBackend, connect, http_request, read_http_response


def test_pass_http_other_route(wsinetd):
    b = HttpBackend()
    try:
        srv = wsinetd.socket_activate("--route", "/api/=" + b.url(), "--route", "/ws/=echo")
        s = connect(srv)
        s.sendall(http_request("GET", "/api/one", "h"))
        status, _, body, rest = read_http_response(s)
        assert status == 200 and json.loads(body)["path"] == "/api/one"
        s.sendall(http_request("GET", "/ws/", "h"))
        s.settimeout(10)
        t0 = time.monotonic()
        assert rest + s.recv(100) == b"", "no close after a request for another route"
        assert time.monotonic() - t0 < 5
        s.close()
        srv.wait_log("is for another route")
        assert [x[1] for x in b.seen] == ["/api/one"], b.seen
    finally:
        b.close()
