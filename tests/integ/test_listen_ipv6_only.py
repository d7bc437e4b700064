"""--listen [ADDR]:PORT is IPv6 only, as nginx's listen [::]:80 is:
[::]:PORT serves ::1 and refuses 127.0.0.1; [::1]:PORT serves ::1."""

import socket

import pytest

from harness import free_port
from helpers import echo_session, wait_log_line


@pytest.mark.parametrize("addr", ["::", "::1"])
def test_listen_ipv6_only(wsinetd, addr):
    port = free_port("::1")
    srv = wsinetd.listen("echo", host="::1", port=port, spec="[%s]:%%d" % addr)
    echo_session("ws://[::1]:%d/" % port, [("text", "v6")])
    wait_log_line(srv, " [::1]:", '"GET /" 101')
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=5)
