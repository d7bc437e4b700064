"""--ping-interval 1: a silent client receives a Ping within about a second,
and the connection still echoes after the Pong."""

import time

from helpers import OP_PING, OP_PONG, OP_TEXT, frame, open_ws


def test_ping_interval(wsinetd):
    srv = wsinetd.socket_activate("--ping-interval", "1", "echo")
    c = open_ws(srv)
    t0 = time.monotonic()
    f = c.read_frame()
    took = time.monotonic() - t0
    assert f is not None and f[1] == OP_PING, f
    assert took < 2.5, "first ping after %.2fs" % took
    c.send(frame(OP_PONG, f[2]))
    c.send(frame(OP_TEXT, "still here"))
    m = c.read_message()
    while m is not None and m[0] == OP_PING:
        m = c.read_message()
    assert m == (OP_TEXT, b"still here")
    c.close()
