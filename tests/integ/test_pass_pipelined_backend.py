"""No first-byte loss towards the client: the backend sends its 101 and
its first frame in one write (and the frame's tail later); the client
gets the 101 unchanged and then the whole frame."""

import time

from helpers import RawClient, backend_upgrade_head, expect_accept, parse_frames, OP_TEXT


def fast_backend(conn, backend):
    got = backend_upgrade_head(conn)
    if got is None:
        return
    backend.request, _, accept = got
    msg = b"\x81\x0bhello there"                      # unmasked text frame
    conn.sendall(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                 b"Connection: Upgrade\r\nSec-WebSocket-Accept: " + accept + b"\r\n\r\n"
                 + msg + b"\x81\x05")                 # the next frame's header too
    time.sleep(0.3)
    conn.sendall(b"later")
    time.sleep(0.5)


def test_pass_pipelined_backend(wsinetd, backend):
    b = backend(fast_backend)
    srv = wsinetd.socket_activate("ws://127.0.0.1:%d/" % b.port)
    c = RawClient.connect(srv.host, srv.port)
    expect_accept(c.handshake())
    assert c.read_message() == (OP_TEXT, b"hello there")
    assert c.read_message() == (OP_TEXT, b"later")
    c.close()
    assert b.request.startswith(b"GET / HTTP/1.1\r\n"), b.request
    assert not b.errors, b.errors
