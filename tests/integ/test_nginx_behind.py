"""wsinetd in front of nginx (the README's "In front of nginx" recipe):
wsinetd owns the TLS port, keeps the WebSocket path for itself
(`--route /chat=echo`) and passes everything else to a real nginx on
127.0.0.1 through the http:// passthrough target (`--route
/=http://127.0.0.1:PORT/`; with --strip-prefix, as in the recipe, which
must leave paths under / as they are).  nginx believes X-Forwarded-For from
127.0.0.1 only (set_real_ip_from), so its access log names the real client
(127.0.0.2 here) and the scheme wsinetd saw (https).

One TLS connection carries two GETs (keep-alive through the splice), one
of them a 300 KB file compared by checksum; a wss:// session on the same
port echoes several messages.  nginx runs from a config in the test's tmp
directory and is stopped when the test ends, passed or failed.
"""

import hashlib
import http.client
import re

import pytest

from front import client_ctx, echo_session, make_pki, start_nginx
from helpers import log_message, random_bytes, wait_log_line

SITE = """    log_format front '$remote_addr "$request" $status proto=$http_x_forwarded_proto '
                     'host=$http_x_forwarded_host';
    access_log %(dir)s/access.log front;
    types { text/html html; application/octet-stream bin; }
    server {
        listen 127.0.0.1:%(port)d;
        root %(dir)s/www;
        set_real_ip_from 127.0.0.1;
        real_ip_header X-Forwarded-For;
    }
"""

INDEX = b"<!doctype html><title>behind wsinetd</title><p>hello from nginx\n"


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    return make_pki(tmp_path_factory.mktemp("behind-pki"))


@pytest.fixture
def nginx_site(tmp_path):
    """A plain nginx on 127.0.0.1 serving www/index.html and www/big.bin."""
    big = random_bytes(300000, 11)

    def files(d):
        (d / "www").mkdir()
        (d / "www" / "index.html").write_bytes(INDEX)
        (d / "www" / "big.bin").write_bytes(big)

    n = start_nginx(tmp_path, lambda d, port: SITE % dict(dir=d, port=port), files)
    n.big = big
    yield n
    n.stop()


def test_nginx_behind_wsinetd(wsinetd, nginx_site, pki):
    ca, cert, key = pki
    n = nginx_site
    srv = wsinetd.socket_activate("--tls", "on", "--tls-cert", cert, "--tls-key", key,
                                  "--route", "/chat=echo", "--strip-prefix",
                                  "--route", "/=http://127.0.0.1:%d/" % n.port)
    try:
        conn = http.client.HTTPSConnection("127.0.0.1", srv.port, context=client_ctx(ca),
                                           timeout=20, source_address=("127.0.0.2", 0))
        try:
            conn.request("GET", "/")
            r = conn.getresponse()
            assert (r.status, r.read()) == (200, INDEX)
            assert r.getheader("Server", "").startswith("nginx"), r.getheaders()
            conn.request("GET", "/big.bin")          # the same connection
            r = conn.getresponse()
            body = r.read()
            assert r.status == 200 and len(body) == len(n.big), (r.status, len(body))
            assert hashlib.sha256(body).digest() == hashlib.sha256(n.big).digest()
        finally:
            conn.close()
        echo_session("wss://127.0.0.1:%d/chat" % srv.port, ca)
        # One wsinetd process carried both GETs; the WebSocket was its own.
        wait_log_line(srv, '"GET /chat" 101 target=echo', "close=1000", "route=/chat")
        line = wait_log_line(srv, "target=http://127.0.0.1:%d/" % n.port)
        assert re.match(r'127\.0\.0\.2:\d+ "GET /" 200 ', log_message(line)), line
        assert " route=/ tls=" in line, line
        # nginx saw the real client and the scheme through wsinetd's headers.
        log = (n.dir / "access.log").read_text()
        for path in ("/", "/big.bin"):
            want = '127.0.0.2 "GET %s HTTP/1.1" 200 proto=https host=127.0.0.1:%d' % (
                path, srv.port)
            assert want in log, "%r not in nginx's access log:\n%s" % (want, log)
    except BaseException:
        print(n.logs())
        raise
