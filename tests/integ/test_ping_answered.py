"""A client Ping is answered with a Pong carrying the same payload, also
between the fragments of a message (RFC 6455 §5.4, §5.5.2), and the
fragmented message still echoes as one message (however the echo fragments it)."""

from helpers import OP_BIN, OP_CONT, OP_PING, OP_PONG, frame, open_ws


def test_ping_answered(wsinetd):
    srv = wsinetd.socket_activate("echo")
    c = open_ws(srv)
    c.send(frame(OP_PING, b"are you there"))
    assert c.read_frame() == (True, OP_PONG, b"are you there")
    c.send(frame(OP_BIN, b"first half, ", fin=False) + frame(OP_PING, b"mid")
           + frame(OP_CONT, b"second half"))
    got = [c.read_message(), c.read_message()]     # Pong may come first or last
    assert sorted(got) == [(OP_BIN, b"first half, second half"), (OP_PONG, b"mid")], got
    c.close()
