"""--listen PORT and --listen :PORT: every address of both families, as
websockify's bare port: one IPv6 socket with IPV6_V6ONLY off, so an IPv4
client (logged as 127.0.0.1, not ::ffff:127.0.0.1) and an IPv6 client both
reach the same server."""

import pytest

from harness import free_port
from helpers import echo_session, wait_log_line


@pytest.mark.parametrize("form", ["%d", ":%d"])
def test_listen_any_port(wsinetd, form):
    port = free_port("::1")
    srv = wsinetd.listen("echo", port=port, spec=form)
    srv.wait_log("listening on %s (every address, IPv6 and IPv4)" % (form % port))
    echo_session("ws://127.0.0.1:%d/" % port, [("text", "over IPv4")])
    echo_session("ws://[::1]:%d/" % port, [("text", "over IPv6")])
    wait_log_line(srv, "wsinetd[", " 127.0.0.1:", '"GET /" 101')
    wait_log_line(srv, "wsinetd[", " [::1]:", '"GET /" 101')
    assert "::ffff:" not in srv.log()
