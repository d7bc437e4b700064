"""Issue 14 item 2: a later request on a kept-alive passthrough
connection passes the same gate as the first.  After GET /app/ok, a
GET /app/../secret on the same connection used to reach nginx as
/base/../secret and return a file outside the route; now it gets 400,
after the first response, and nginx never sees it.  The same holds for
a later request with two Host headers."""

import socket

from gate_helpers import SECRET, nginx_backend, nginx_requests, read_http_response
from pass_helpers import recv_all


def _two(srv, second):
    s = socket.create_connection((srv.host, srv.port), timeout=10)
    try:
        s.sendall(b"GET /app/ok HTTP/1.1\r\nHost: h\r\n\r\n")
        st1, _, body1, rest = read_http_response(s)
        s.sendall(second)
        return st1, body1, rest + recv_all(s)
    finally:
        s.close()


def test_gate_keepalive_dotdot(wsinetd, tmp_path):
    n = nginx_backend(tmp_path)
    try:
        srv = wsinetd.socket_activate("--strip-prefix", "--route", "/app/=" + n.base_url, "echo")
        for second in (b"GET /app/../secret HTTP/1.1\r\nHost: h\r\n\r\n",
                       b"GET /app/%2e%2e/secret HTTP/1.1\r\nHost: h\r\n\r\n",
                       b"GET /app/ok HTTP/1.1\r\nHost: h\r\nHost: other\r\n\r\n"):
            st1, body1, tail = _two(srv, second)
            assert (st1, body1) == (200, b"ok\n")
            assert tail.startswith(b"HTTP/1.1 400 Bad Request\r\n"), tail[:300]
            assert SECRET not in tail
        srv.wait_log("a later request on this connection is refused")
        assert srv.log().count('".." path segment') == 2, srv.log()
        assert "more than one Host header, answered 400" in srv.log()
        reqs = nginx_requests(n)
        assert reqs == ["GET /base/ok HTTP/1.1"] * 3, reqs
    except BaseException:
        print(n.logs())
        raise
    finally:
        n.stop()
