"""No byte is lost at the upgrade (Caddy #6273).

The client sends the upgrade request and its first two masked frames in ONE
send(), so they arrive in the same read as the headers.  `echo` must answer
both messages intact, in order, after the 101.
"""

from helpers import OP_BIN, OP_TEXT, RawClient, expect_accept, frame, upgrade_request


def test_pipelined_first_frame(wsinetd):
    srv = wsinetd.socket_activate("echo")
    c = RawClient.connect(srv.host, srv.port)
    first, second = "first message, pipelined", bytes(range(256)) * 3
    c.send(upgrade_request() + frame(OP_TEXT, first) + frame(OP_BIN, second))
    expect_accept(c.read_response())
    assert c.read_message() == (OP_TEXT, first.encode())
    assert c.read_message() == (OP_BIN, second)
    c.close()
