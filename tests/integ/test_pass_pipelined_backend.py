"""No first-byte loss towards the client: the backend sends its 101 and
its first frame in one write (and the frame's tail later); the client
gets the 101 unchanged and then the whole frame."""

import base64
import hashlib
import time

from helpers import GUID, RawClient, expect_accept, parse_frames, OP_TEXT


def fast_backend(conn, backend):
    req = b""
    while b"\r\n\r\n" not in req:
        chunk = conn.recv(4096)
        if not chunk:
            return
        req += chunk
    backend.request = req
    key = [ln.split(b":", 1)[1].strip() for ln in req.split(b"\r\n")
           if ln.lower().startswith(b"sec-websocket-key:")][0]
    accept = base64.b64encode(hashlib.sha1(key + GUID).digest())
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
