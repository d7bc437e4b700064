"""No first-byte loss towards the backend: the client sends its upgrade
request and its first frame in one write, before any 101; the frame must
reach the python3-websockets backend (which echoes it)."""

from helpers import RawClient, expect_accept, frame, close_frame, OP_BIN, OP_CLOSE, OP_TEXT
from pass_helpers import WsBackend


def test_pass_pipelined_client(wsinetd):
    b = WsBackend()
    try:
        srv = wsinetd.socket_activate(b.url("ws"))
        c = RawClient.connect(srv.host, srv.port)
        first = frame(OP_TEXT, "first, in the request's write")
        second = frame(OP_BIN, bytes(range(256)) * 300)
        expect_accept(c.handshake(extra_bytes=first + second))
        assert c.read_message() == (OP_TEXT, b"first, in the request's write")
        assert c.read_message() == (OP_BIN, bytes(range(256)) * 300)
        c.send(close_frame(1000))
        assert c.read_message()[0] == OP_CLOSE
        c.close()
    finally:
        b.close()
