"""A real nginx in front: the deployment where nginx owns port 443,
terminates TLS and proxies `location /_et/` to wsinetd running under
systemd-socket-activate --accept (what the EasyTier + Caddy/nginx recipes
do).  The client is python3-websockets over wss:// trusting a test CA.

Three shapes, each checked end to end (echoes of several messages, some
over 64 KiB) and in wsinetd's access line:

- `proxy_pass http://127.0.0.1:PORT/;` (trailing slash): nginx replaces
  /_et/ by /, so wsinetd sees /chat and routes `--route /chat=echo`;
  /_et/nothing reaches wsinetd as /nothing, which has no route: 404;
- `proxy_pass http://127.0.0.1:PORT;` (no URI): nginx passes the whole
  path, so wsinetd routes `--route /_et/=ws://BACKEND/ --strip-prefix`,
  and the ws:// backend must be asked for /chat, not /_et/chat;
- `--trust-forwarded 127.0.0.1` with nginx's X-Forwarded-For: the access
  line names the real client (connecting from 127.0.0.2), not nginx.

nginx runs in the foreground (daemon off) from a config in the test's tmp
directory, with its pid file, logs and temp paths there too (tests/integ/
front.py); it is stopped when the test ends, passed or failed.
"""

import re

import pytest

from front import echo_session, io_counts, make_pki, start_nginx, upgrade_status
from helpers import log_message, wait_log_line
from pass_helpers import WsBackend

LOCATION = """
        location /_et/ {
            proxy_pass http://127.0.0.1:%(port)d%(uri)s;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection "upgrade";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_read_timeout 60s;
        }
"""

SERVER = """    access_log %(dir)s/access.log;
    server {
        listen 127.0.0.1:%(port)d ssl;
        server_name localhost;
        ssl_certificate %(cert)s;
        ssl_certificate_key %(key)s;
%(locations)s
    }
"""


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    return make_pki(tmp_path_factory.mktemp("nginx-pki"))


@pytest.fixture
def nginx(tmp_path, pki):
    """nginx(wsinetd_port, uri) -> a running nginx (a front.Front) whose
    location /_et/ proxies to 127.0.0.1:wsinetd_port with `uri` after it
    in proxy_pass ("/" strips /_et/, "" passes the path as it came)."""
    made = []

    def make(port, uri):
        _, cert, key = pki
        n = start_nginx(tmp_path, lambda d, my_port: SERVER % dict(
            dir=d, port=my_port, cert=cert, key=key,
            locations=LOCATION % dict(port=port, uri=uri)))
        made.append(n)
        return n

    yield make
    for n in made:
        n.stop()


def test_nginx_trailing_slash_strips(wsinetd, nginx, pki):
    """proxy_pass with a trailing slash: wsinetd sees /chat, not /_et/chat."""
    srv = wsinetd.socket_activate("--route", "/chat=echo")
    n = nginx(srv.port, "/")
    try:
        echo_session(n.url("/_et/chat"), pki[0])
        line = wait_log_line(srv, '"GET /chat" 101 target=echo', "close=1000")
        # The peer is nginx; the route is the one that matched /chat.
        assert re.match(r'127\.0\.0\.1:\d+ "GET /chat" 101 ', log_message(line)), line
        assert line.endswith(" route=/chat"), line
        assert io_counts() in line, line
        # Anything else under /_et/ reaches wsinetd as a path with no
        # route; its 404 comes back through nginx.
        assert upgrade_status(n.url("/_et/nothing"), pki[0]) == 404
        wait_log_line(srv, '"GET /nothing" 404')
    except BaseException:
        print(n.logs())
        raise


def test_nginx_full_path_strip_prefix(wsinetd, nginx, pki):
    """proxy_pass without a URI: nginx passes /_et/chat as it came, wsinetd
    matches the /_et/ route, and --strip-prefix passes /chat on: a ws://
    backend (python3-websockets, echoing) records the path it was asked for."""
    b = WsBackend()
    try:
        srv = wsinetd.socket_activate("--route", "/_et/=%s" % b.url(), "--strip-prefix")
        n = nginx(srv.port, "")
        try:
            echo_session(n.url("/_et/chat?room=1"), pki[0])
            line = wait_log_line(srv, '"GET /_et/chat?room=1" 101 target=%s' % b.url())
            assert line.endswith(" route=/_et/"), line
            assert [p for p, _ in b.requests] == ["/chat?room=1"], b.requests
        except BaseException:
            print(n.logs())
            raise
    finally:
        b.close()


def test_nginx_trust_forwarded(wsinetd, nginx, pki):
    """--trust-forwarded 127.0.0.1: the access line names the client nginx
    saw (127.0.0.2, from X-Forwarded-For), not nginx's own address."""
    srv = wsinetd.socket_activate("--trust-forwarded", "127.0.0.1", "--route", "/chat=echo")
    n = nginx(srv.port, "/")
    try:
        echo_session(n.url("/_et/chat"), pki[0], source="127.0.0.2")
        line = wait_log_line(srv, '"GET /chat" 101 target=echo', "close=1000")
        assert log_message(line).startswith('127.0.0.2 "GET /chat" 101 '), line
        assert line.endswith(" route=/chat"), line
    except BaseException:
        print(n.logs())
        raise
