"""A tcp:[::1]:PORT target (DESIGN.md: IPv6 as tcp:[::1]:5900) reaches an
IPv6-only backend and relays both ways."""

from helpers import OP_BIN, echo_handler, frame, open_ws


def test_tcp_ipv6_target(wsinetd, backend):
    b = backend(echo_handler, host="::1")
    assert b.target.startswith("tcp:[::1]:")
    srv = wsinetd.socket_activate(b.target)
    c = open_ws(srv)
    c.send(frame(OP_BIN, b"to ::1 and back"))
    assert c.read_message() == (OP_BIN, b"to ::1 and back")
    c.close()
