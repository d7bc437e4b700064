"""--trust-forwarded: a peer inside the CIDR (127.0.0.0/8 here) gets its
client taken from X-Forwarded-For, rightmost address that is not itself
trusted; a peer outside every CIDR does not, whatever it sends."""

from helpers import RawClient, answer_close, expect_accept, wait_log_line


def upgrade_with_xff(srv, xff):
    c = RawClient.connect(srv.host, srv.port)
    peer = c.local
    expect_accept(c.handshake(path="/xff", extra=[("X-Forwarded-For", xff)]))
    answer_close(c, 1000)
    return peer


def test_trust_forwarded(wsinetd):
    srv = wsinetd.socket_activate("--trust-forwarded", "127.0.0.0/8",
                                  "--trust-forwarded", "10.0.0.0/8", "echo")
    upgrade_with_xff(srv, "203.0.113.9, 198.51.100.4, 10.1.1.1")
    wait_log_line(srv, '198.51.100.4 "GET /xff" 101 ')

    other = wsinetd.socket_activate("--trust-forwarded", "192.0.2.0/24", "echo")
    peer = upgrade_with_xff(other, "198.51.100.5")
    wait_log_line(other, peer + ' "GET /xff" 101 ')
    assert "198.51.100.5" not in other.log(), other.log()
