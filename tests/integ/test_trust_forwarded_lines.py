"""Several X-Forwarded-For lines are one list (RFC 9110 §5.3), walked
from the right across lines.  HAProxy's "option forwardfor" adds a line
of its own instead of appending to the client's, so behind two trusted
proxies (10.0.0.0/8 here, and the loopback peer) the client's address is
on an earlier line than the last: it must name the client, while a
client-written line further left is still not believed.  A line that is
not an address list keeps the peer, as for one line."""

from helpers import RawClient, answer_close, expect_accept, wait_log_line


def upgrade(srv, lines):
    c = RawClient.connect(srv.host, srv.port)
    peer = c.local
    expect_accept(c.handshake(path="/xff", extra=[("X-Forwarded-For", v) for v in lines]))
    answer_close(c, 1000)
    return peer


def test_trust_forwarded_lines(wsinetd):
    srv = wsinetd.socket_activate("--trust-forwarded", "127.0.0.0/8",
                                  "--trust-forwarded", "10.0.0.0/8", "-v", "echo")
    upgrade(srv, ["6.6.6.6", "203.0.113.9", "10.1.1.1"])
    wait_log_line(srv, '203.0.113.9 "GET /xff" 101 ')
    upgrade(srv, ["6.6.6.6, 198.51.100.7", "10.2.2.2, 10.1.1.1"])
    wait_log_line(srv, '198.51.100.7 "GET /xff" 101 ')
    assert "6.6.6.6 \"GET" not in srv.log(), srv.log()
    peer = upgrade(srv, ["203.0.113.9", "not-an-address", "10.1.1.1"])
    wait_log_line(srv, peer + ' "GET /xff" 101 ')
