"""--proxy-protocol in front of an http:// passthrough: the client is the
PROXY header's source, not the load balancer that sent it.  So a real
nginx backend (echoing $http_x_forwarded_for, $http_x_real_ip and
$http_x_forwarded_proto) must get the PROXY source appended to
X-Forwarded-For, and whether the forwarded headers a request carries are
believed is decided on that source: with --trust-forwarded naming the
balancer's own 127.0.0.0/8, a client behind it (203.0.113.7) that forges
X-Real-IP and X-Forwarded-Proto must not get them to the backend; a
trusted proxy as the PROXY source (198.51.100.5) keeps its values and
names its client.  The test writes the PROXY v1 and v2 headers itself."""

import socket
import struct

import pytest

from front import start_nginx
from helpers import wait_log_line
from pass_helpers import read_http_response

SITE = """    server {
        listen 127.0.0.1:%(port)d;
        location / {
            return 200 "xff=[$http_x_forwarded_for] real=[$http_x_real_ip] proto=[$http_x_forwarded_proto]\\n";
        }
    }
"""

V2_SIG = b"\r\n\r\n\x00\r\nQUIT\n"


def proxy_header(version, src, sport):
    if version == 1:
        return b"PROXY TCP4 %s 127.0.0.1 %d 443\r\n" % (src.encode(), sport)
    addrs = socket.inet_aton(src) + socket.inet_aton("127.0.0.1") + struct.pack("!HH", sport, 443)
    return V2_SIG + b"\x21\x11" + struct.pack("!H", len(addrs)) + addrs


@pytest.fixture
def nginx(tmp_path):
    n = start_nginx(tmp_path, lambda d, port: SITE % dict(dir=d, port=port))
    yield n
    n.stop()


def ask(srv, version, src, sport, extra=()):
    s = socket.create_connection((srv.host, srv.port), timeout=10)
    lines = ["GET /who HTTP/1.1", "Host: front.example", *("%s: %s" % kv for kv in extra)]
    s.sendall(proxy_header(version, src, sport) + ("\r\n".join(lines) + "\r\n\r\n").encode())
    status, _, body, _ = read_http_response(s)
    s.close()
    assert status == 200, body
    return body.decode().strip()


FORGED = [("X-Real-IP", "6.6.6.6"), ("X-Forwarded-Proto", "https")]


@pytest.mark.parametrize("version", [1, 2])
def test_pass_proxy_xff_untrusted(wsinetd, nginx, version):
    srv = wsinetd.socket_activate("--proxy-protocol", "http://127.0.0.1:%d/" % nginx.port)
    got = ask(srv, version, "203.0.113.7", 40001, FORGED + [("X-Forwarded-For", "10.9.9.9")])
    assert got == "xff=[10.9.9.9, 203.0.113.7] real=[] proto=[http]", got
    wait_log_line(srv, '203.0.113.7:40001 "GET /who" 200 ')


@pytest.mark.parametrize("version", [1, 2])
def test_pass_proxy_xff_balancer_trusted(wsinetd, nginx, version):
    # Trusting the balancer's address must not make its clients trusted.
    srv = wsinetd.socket_activate("--proxy-protocol", "--trust-forwarded", "127.0.0.0/8",
                                  "http://127.0.0.1:%d/" % nginx.port)
    got = ask(srv, version, "203.0.113.7", 40002, FORGED)
    assert got == "xff=[203.0.113.7] real=[] proto=[http]", got
    got = ask(srv, version, "203.0.113.7", 40003, FORGED + [("X-Forwarded-For", "192.0.2.1")])
    assert got == "xff=[192.0.2.1, 203.0.113.7] real=[] proto=[http]", got
    # The log names the PROXY source: its X-Forwarded-For was not believed.
    wait_log_line(srv, '203.0.113.7:40003 "GET /who" 200 ')


@pytest.mark.parametrize("version", [1, 2])
def test_pass_proxy_xff_source_trusted(wsinetd, nginx, version):
    srv = wsinetd.socket_activate("--proxy-protocol", "--trust-forwarded", "198.51.100.0/24",
                                  "http://127.0.0.1:%d/" % nginx.port)
    got = ask(srv, version, "198.51.100.5", 40004,
              [("X-Forwarded-For", "203.0.113.9"), ("X-Real-IP", "203.0.113.9"),
               ("X-Forwarded-Proto", "https")])
    assert got == "xff=[203.0.113.9, 198.51.100.5] real=[203.0.113.9] proto=[https]", got
    wait_log_line(srv, '203.0.113.9 "GET /who" 200 ')
