"""A hole next to issue 14 item 1: "Upgrade: h2c" (RFC 7540 §3.2) to an
http:// route.  A backend that speaks h2c answers 101, after which the
connection carries HTTP/2 frames that wsinetd passes as raw bytes: any
path, any Host, none of the gate's checks (the "h2c smuggling" attack).
The request is refused with 400 and the backend, which would answer 101,
never sees it; as a later request on a kept-alive connection too."""

import socket

from gate_helpers import OK, HeadBackend, exchange, status_of
from pass_helpers import read_http_response, recv_all


def h2c_answer(head):
    """101 to a head asking for h2c, as an h2c server would; else 200."""
    if b"h2c" in head.lower():
        return (b"HTTP/1.1 101 Switching Protocols\r\n"
                b"Connection: Upgrade\r\nUpgrade: h2c\r\n\r\n")
    return OK


H2C = (b"GET /app/ HTTP/1.1\r\nHost: h\r\nConnection: Upgrade, HTTP2-Settings\r\n"
       b"Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n")


def test_gate_h2c(wsinetd):
    b = HeadBackend(h2c_answer)
    try:
        srv = wsinetd.socket_activate("--route", "/app/=http://127.0.0.1:%d/" % b.port, "echo")
        resp = exchange(srv, H2C + b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")
        assert status_of(resp) == 400, resp[:300]
        assert b"h2c" in resp
        srv.wait_log("Upgrade: h2c (after a 101 its HTTP/2 requests would reach the backend "
                     "unchecked), answered 400")
        assert b.heads == [], b.heads

        s = socket.create_connection((srv.host, srv.port), timeout=10)
        s.sendall(b"GET /app/x HTTP/1.1\r\nHost: h\r\n\r\n")
        st, _, body, rest = read_http_response(s)
        assert (st, body) == (200, b"ok\n")
        s.sendall(H2C.replace(b"Upgrade: h2c", b"Upgrade: H2C"))
        tail = rest + recv_all(s)
        s.close()
        assert tail.startswith(b"HTTP/1.1 400 Bad Request\r\n"), tail
        assert len(b.heads) == 1 and b.heads[0].startswith(b"GET /app/x "), b.heads
    finally:
        b.close()
