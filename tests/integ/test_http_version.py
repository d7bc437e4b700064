"""wsinetd speaks HTTP/1.0 and HTTP/1.1 (RFC 9112 §2.3).  http-parser
also takes an HTTP/0.9 request line ("GET /a" alone, with no headers to
route or check by) and major versions above 1 ("HTTP/2.0", "HTTP/3.0"),
and a passthrough backend got them rewritten as HTTP/1.1.  Now 0.9 is
400 and a major version above 1 is 505 (RFC 9110 §15.6.6), each with a
log line, before any byte reaches a backend (a real nginx whose access
log stays empty); the same on a WebSocket route.  HTTP/1.2 is HTTP/1.1
to us (RFC 9110 §2.5) and still reaches nginx."""

import socket
import time

import pytest

from front import start_nginx
from helpers import wait_log_line
from pass_helpers import read_http_response

SITE = """    log_format v '"$request" $status';
    access_log %(dir)s/access.log v;
    server {
        listen 127.0.0.1:%(port)d;
        location / { return 200 "nginx saw $request_uri\\n"; }
    }
"""

UPGRADE = (b"Host: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
           b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")


@pytest.fixture
def nginx(tmp_path):
    n = start_nginx(tmp_path, lambda d, port: SITE % dict(dir=d, port=port))
    yield n
    n.stop()


def exchange(srv, req):
    s = socket.create_connection((srv.host, srv.port), timeout=10)
    s.sendall(req)
    status, _, body, _ = read_http_response(s)
    s.close()
    return status, body


def nginx_log(n):
    time.sleep(0.3)
    p = n.dir / "access.log"
    return p.read_text() if p.exists() else ""


@pytest.mark.parametrize("req, status, why", [
    (b"GET /app/x\r\n\r\n", 400, "request in HTTP/0.9, answered 400"),
    (b"GET /app/x HTTP/2.0\r\nHost: h\r\n\r\n", 505, "an HTTP version above 1.x, answered 505"),
    (b"GET /app/x HTTP/3.0\r\nHost: h\r\n\r\n", 505, "an HTTP version above 1.x, answered 505"),
], ids=["0.9", "2.0", "3.0"])
def test_http_version_refused(wsinetd, nginx, req, status, why):
    srv = wsinetd.socket_activate("--route", "/app=http://127.0.0.1:%d/" % nginx.port,
                                  "--route", "/ws=echo")
    got, body = exchange(srv, req)
    assert got == status and b"nginx" not in body, (got, body)
    wait_log_line(srv, why)
    assert nginx_log(nginx) == "", nginx_log(nginx)
    # A WebSocket upgrade in HTTP/2.0 syntax is refused the same way.
    got, _ = exchange(srv, b"GET /ws HTTP/2.0\r\n" + UPGRADE)
    assert got == 505


def test_http_version_1_2(wsinetd, nginx):
    srv = wsinetd.socket_activate("--route", "/app=http://127.0.0.1:%d/" % nginx.port)
    assert exchange(srv, b"GET /app/x HTTP/1.2\r\nHost: h\r\n\r\n") == (200, b"nginx saw /app/x\n")
    assert '"GET /app/x HTTP/1.1" 200' in nginx_log(nginx)
