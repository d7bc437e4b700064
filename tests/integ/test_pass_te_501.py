"""A Transfer-Encoding other than one line "chunked" is refused with 501
(RFC 9112 §6.1) before anything reaches a passthrough backend: "gzip,
chunked" and "identity" then "chunked" on two lines, which wsinetd used to
frame as chunked and pass on, and any other coding.  The backend is a
real nginx whose access log must hold no line for them.  A later request
on a kept-alive passthrough connection with such a coding is not passed
on either: the connection ends after the first response."""

import socket
import time

import pytest

from front import start_nginx
from helpers import wait_log_line
from pass_helpers import read_http_response, recv_all

SITE = """    log_format te '"$request" $status te=$http_transfer_encoding';
    access_log %(dir)s/access.log te;
    server {
        listen 127.0.0.1:%(port)d;
        location / { return 200 "nginx saw $request_uri\\n"; }
    }
"""

BODY = b"5\r\nhello\r\n0\r\n\r\n"

CODINGS = {
    "gzip-chunked": ["gzip, chunked"],
    "identity-then-chunked": ["identity", "chunked"],
    "chunked-twice": ["chunked", "chunked"],
    "chunked-param": ["chunked;x=1"],
    "gzip": ["gzip"],
    "identity": ["identity"],
}


@pytest.fixture
def nginx(tmp_path):
    n = start_nginx(tmp_path, lambda d, port: SITE % dict(dir=d, port=port))
    yield n
    n.stop()


def post(path, codings):
    lines = ["POST %s HTTP/1.1" % path, "Host: front.example"]
    lines += ["Transfer-Encoding: %s" % c for c in codings]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + BODY


def nginx_log(n):
    time.sleep(0.3)             # nginx writes its line as the request ends
    p = n.dir / "access.log"
    return p.read_text() if p.exists() else ""


@pytest.mark.parametrize("name", sorted(CODINGS))
def test_pass_te_501(wsinetd, nginx, name):
    srv = wsinetd.socket_activate("--route", "/app=http://127.0.0.1:%d/base" % nginx.port)
    s = socket.create_connection((srv.host, srv.port), timeout=10)
    s.sendall(post("/app/x", CODINGS[name]))
    status, hdrs, body, _ = read_http_response(s)
    s.close()
    assert status == 501, (status, body)
    assert b"nginx" not in body and "server" not in hdrs, (hdrs, body)
    wait_log_line(srv, "Transfer-Encoding other than chunked alone, answered 501")
    wait_log_line(srv, '"POST /app/x" 501 ')
    assert nginx_log(nginx) == "", "nginx saw the request:\n" + nginx_log(nginx)


def test_pass_te_chunked_passes(wsinetd, nginx):
    srv = wsinetd.socket_activate("--route", "/app=http://127.0.0.1:%d/base" % nginx.port)
    s = socket.create_connection((srv.host, srv.port), timeout=10)
    s.sendall(post("/app/x", ["chunked"]))
    status, _, body, _ = read_http_response(s)
    s.close()
    assert (status, body) == (200, b"nginx saw /base/app/x\n")
    assert '"POST /base/app/x HTTP/1.1" 200 te=chunked' in nginx_log(nginx)


@pytest.mark.parametrize("name", ["gzip-chunked", "identity-then-chunked"])
def test_pass_te_later_request(wsinetd, nginx, name):
    srv = wsinetd.socket_activate("--route", "/app=http://127.0.0.1:%d/base" % nginx.port)
    s = socket.create_connection((srv.host, srv.port), timeout=10)
    s.sendall(b"GET /app/ok HTTP/1.1\r\nHost: front.example\r\n\r\n")
    status, _, body, rest = read_http_response(s)
    assert (status, body) == (200, b"nginx saw /base/app/ok\n")
    s.sendall(post("/app/x", CODINGS[name]))
    assert rest + recv_all(s) == b"", "a response to the second request"
    s.close()
    wait_log_line(srv, "a later request on this connection has a Transfer-Encoding "
                  "other than chunked alone")
    log = nginx_log(nginx)
    assert log.splitlines() == ['"GET /base/app/ok HTTP/1.1" 200 te=-'], log
