"""--listen :PORT where IPv6 is off (socket(AF_INET6) fails with
EAFNOSUPPORT, as with ipv6.disable=1; a seccomp wrapper, tools/noipv6.c,
does that here): wsinetd listens on every IPv4 address instead, says so,
and serves."""

import subprocess

import pytest

from harness import ROOT
from helpers import echo_session


@pytest.fixture(scope="module")
def noipv6(tmp_path_factory):
    out = tmp_path_factory.mktemp("noipv6") / "noipv6"
    subprocess.run(["cc", "-std=gnu11", "-O1", "-Wall", "-Wextra", "-Werror", "-o", str(out),
                    str(ROOT / "tests" / "tools" / "noipv6.c")], check=True)
    return str(out)


def test_listen_ipv6_off(wsinetd, noipv6):
    srv = wsinetd.listen("echo", spec=":%d", wrapper=(noipv6,))
    srv.wait_log("listening on :%d (every IPv4 address: IPv6 is off here)" % srv.port)
    echo_session("ws://127.0.0.1:%d/" % srv.port, [("binary", b"IPv4 only")])
