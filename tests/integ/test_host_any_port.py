"""Adopted sockets: a Host header with any port upgrades (no port-match check).

`Host: example.org:9999` and `Host: [::1]:1` are not the port the socket
listens on; both must get 101 and a working echo.
"""

import pytest

from helpers import OP_TEXT, RawClient, expect_accept, frame


@pytest.mark.parametrize("host", ["example.org:9999", "[::1]:1"])
def test_host_any_port(wsinetd, host):
    srv = wsinetd.socket_activate("echo")
    c = RawClient.connect(srv.host, srv.port)
    expect_accept(c.handshake(host=host))
    c.send(frame(OP_TEXT, "host " + host))
    assert c.read_message() == (OP_TEXT, ("host " + host).encode())
    c.close()
