"""Issue 14 item 1: CONNECT is refused with 400 before any byte reaches
a backend.  The backend here is one that answers 200 to CONNECT and
then reads raw bytes (as a Go server would): before the fix wsinetd
went raw after that 200, and the next request reached the backend
unrewritten (forged Host, X-Real-IP, a ".." path).  Origin-form
("CONNECT /app") and authority-form ("CONNECT host:port") are both
refused, as the first request and as a later one on a kept-alive
connection."""

import socket

from gate_helpers import HeadBackend, exchange, status_of
from pass_helpers import read_http_response, recv_all


def test_gate_connect(wsinetd):
    b = HeadBackend()
    try:
        srv = wsinetd.socket_activate("--route", "/app=http://127.0.0.1:%d/" % b.port, "echo")
        smuggled = (b"GET /app/../admin HTTP/1.1\r\nHost: forged\r\n"
                    b"X-Real-IP: 10.0.0.1\r\n\r\n")
        for line in (b"CONNECT /app HTTP/1.1\r\nHost: h\r\n\r\n",
                     b"CONNECT 127.0.0.1:%d HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n\r\n"
                     % (b.port, b.port)):
            resp = exchange(srv, line + smuggled)
            assert status_of(resp) == 400, resp[:300]
            assert b"CONNECT" in resp, resp
        assert srv.log().count("CONNECT (no route is a tunnel), answered 400") == 2, srv.log()
        assert bytes(b.got) == b"", b.got

        # A later CONNECT on a kept-alive connection: 400 after the
        # first response; the backend got the first request only.
        s = socket.create_connection((srv.host, srv.port), timeout=10)
        s.sendall(b"GET /app/x HTTP/1.1\r\nHost: h\r\n\r\n")
        st, _, body, rest = read_http_response(s)
        assert (st, body) == (200, b"ok\n")
        s.sendall(b"CONNECT /app HTTP/1.1\r\nHost: h\r\n\r\n" + smuggled)
        tail = rest + recv_all(s)
        s.close()
        assert tail.startswith(b"HTTP/1.1 400 Bad Request\r\n"), tail
        got = bytes(b.got)
        assert got.startswith(b"GET /app/x HTTP/1.1\r\n") and got.count(b"HTTP/1.1") == 1, got
    finally:
        b.close()
