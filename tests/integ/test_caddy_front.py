"""A real Caddy (Debian's caddy 2.6) in front, as in the EasyTier + Caddy
recipe: Caddy terminates TLS (with the test certificate, `tls CERT KEY`)
and `handle_path /_et/* { reverse_proxy 127.0.0.1:PORT }` strips /_et and
passes the upgrade to wsinetd under systemd-socket-activate --accept.
Caddy adds X-Forwarded-For itself, so with --trust-forwarded 127.0.0.1
the access line names the real client (127.0.0.2 here), not Caddy.

Caddy runs in the foreground from a Caddyfile in the test's tmp directory,
with the admin endpoint off and HOME/XDG_* pointing there, so it writes
nothing elsewhere; it is stopped when the test ends, passed or failed.
"""

import os
import re
import shutil

import pytest

from front import Front, echo_session, io_counts, make_pki, new_dir, upgrade_status
from helpers import log_message, wait_log_line

CADDY = shutil.which("caddy") or "/usr/bin/caddy"

CADDYFILE = """{
	admin off
	storage file_system %(dir)s/data
	skip_install_trust
	auto_https disable_redirects
}
https://127.0.0.1:%(port)d {
	tls %(cert)s %(key)s
	handle_path /_et/* {
		reverse_proxy 127.0.0.1:%(backend)d
	}
}
"""


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    return make_pki(tmp_path_factory.mktemp("caddy-pki"))


@pytest.fixture
def caddy(tmp_path, pki):
    """caddy(wsinetd_port) -> a running Caddy (a front.Front)."""
    assert os.access(CADDY, os.X_OK), "caddy (Debian's caddy) is needed: run tests/deps.sh"
    made = []

    def make(port):
        d, my_port = new_dir(tmp_path, "caddy")
        _, cert, key = pki
        conf = d / "Caddyfile"
        conf.write_text(CADDYFILE % dict(dir=d, port=my_port, cert=cert, key=key, backend=port))
        env = dict(os.environ, HOME=str(d), XDG_DATA_HOME=str(d / "data"),
                   XDG_CONFIG_HOME=str(d / "config"), TMPDIR=str(d))
        c = Front("caddy", d, my_port, [CADDY, "run", "--config", str(conf),
                                        "--adapter", "caddyfile"], env=env)
        made.append(c)
        return c

    yield make
    for c in made:
        c.stop()


def test_caddy_handle_path(wsinetd, caddy, pki):
    """handle_path strips /_et: wsinetd sees /chat; an unrouted path is 404."""
    srv = wsinetd.socket_activate("--route", "/chat=echo")
    c = caddy(srv.port)
    try:
        echo_session(c.url("/_et/chat"), pki[0])
        line = wait_log_line(srv, '"GET /chat" 101 target=echo', "close=1000")
        assert re.match(r'127\.0\.0\.1:\d+ "GET /chat" 101 ', log_message(line)), line
        assert line.endswith(" route=/chat"), line
        assert io_counts() in line, line
        assert upgrade_status(c.url("/_et/nothing"), pki[0]) == 404
        wait_log_line(srv, '"GET /nothing" 404')
    except BaseException:
        print(c.logs())
        raise


def test_caddy_trust_forwarded(wsinetd, caddy, pki):
    """Caddy's X-Forwarded-For, believed from 127.0.0.1 only: the access
    line names the client (127.0.0.2)."""
    srv = wsinetd.socket_activate("--trust-forwarded", "127.0.0.1", "--route", "/chat=echo")
    c = caddy(srv.port)
    try:
        echo_session(c.url("/_et/chat"), pki[0], source="127.0.0.2")
        line = wait_log_line(srv, '"GET /chat" 101 target=echo', "close=1000")
        assert log_message(line).startswith('127.0.0.2 "GET /chat" 101 '), line
    except BaseException:
        print(c.logs())
        raise
