"""A GET or HEAD with a body is 400 before any byte reaches a backend.  The
gate frames requests by Content-Length; a backend that ignores a GET's
body (Python's http.server does) reads it as a second request, which
then reached it unchecked: a ".." path, a forged Host, an upgrade with an
Origin --origin refuses (black-box attack 2, F3).  Content-Length: 0 and
a POST's body still pass."""

from gate_helpers import HeadBackend, exchange, status_of
from pass_helpers import connect, read_http_response

SMUGGLED = b"GET /app/../secret HTTP/1.1\r\nHost: evil\r\n\r\n"


def test_gate_get_body(wsinetd):
    b = HeadBackend()
    try:
        srv = wsinetd.socket_activate("--route", "/app=http://127.0.0.1:%d/app" % b.port, "echo")
        for method, framing in ((b"GET", b"Content-Length: %d\r\n" % len(SMUGGLED)),
                                (b"HEAD", b"Content-Length: %d\r\n" % len(SMUGGLED)),
                                (b"GET", b"Transfer-Encoding: chunked\r\n")):
            body = SMUGGLED if b"Content-Length" in framing else (
                b"%x\r\n%s\r\n0\r\n\r\n" % (len(SMUGGLED), SMUGGLED))
            resp = exchange(srv, b"%s /app/x HTTP/1.1\r\nHost: h\r\n%s\r\n%s"
                            % (method, framing, body))
            assert status_of(resp) == 400, (method, framing, resp[:300])
        assert srv.log().count("a GET or HEAD with a body to a passthrough") == 3, srv.log()
        assert bytes(b.got) == b"", bytes(b.got)
        for req in (b"GET /app/x HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n"
                    b"Connection: close\r\n\r\n",
                    b"POST /app/x HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n"
                    b"Connection: close\r\n\r\nhello"):
            s = connect(srv)
            s.sendall(req)
            assert read_http_response(s)[0] == 200
            s.close()
        assert len(b.heads) == 2, b.heads
    finally:
        b.close()
