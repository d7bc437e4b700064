"""No --subprotocol: a client offering `binary` gets `binary` back
(websockify and noVNC compatibility)."""

from helpers import OP_BIN, RawClient, expect_accept, frame


def test_subprotocol_binary(wsinetd):
    srv = wsinetd.socket_activate("echo")
    c = RawClient.connect(srv.host, srv.port)
    r = c.handshake(extra=[("Sec-WebSocket-Protocol", "binary")])
    expect_accept(r)
    assert r.header("sec-websocket-protocol") == "binary", r
    c.send(frame(OP_BIN, b"\x00\x01"))
    assert c.read_message() == (OP_BIN, b"\x00\x01")
    c.close()
