"""--origin https://good.example refuses Origin: https://evil.example with 403,
and still lets the good origin upgrade."""

from helpers import RawClient, expect_accept, refused, upgrade_request


def test_status_403_origin(wsinetd):
    srv = wsinetd.socket_activate("--origin", "https://good.example", "echo")
    refused(srv, upgrade_request(extra=[("Origin", "https://evil.example")]), 403)
    c = RawClient.connect(srv.host, srv.port)
    expect_accept(c.handshake(extra=[("Origin", "https://good.example")]))
    c.close()
