"""SIGTERM during a ws:// passthrough, whose bytes wsinetd splices
unchanged (it frames nothing, so it cannot send a Close of its own): the
backend gets our FIN, as if the client had left, and its last words (here
a Close 1001 frame) still reach the client before our FIN; the access
line is written and the handler exits 0."""

import signal
import struct

from harness import wait_for
from helpers import (OP_BIN, OP_CLOSE, backend_upgrade_head, close_frame, frame,
                     launcher_exit_codes, open_ws, signal_handler, wait_log_line)


def goodbye_backend(conn, backend):
    """Accept the upgrade, echo one frame's bytes, and on EOF say Close 1001."""
    head, rest, accept = backend_upgrade_head(conn)
    conn.sendall(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                 b"Connection: Upgrade\r\nSec-WebSocket-Accept: " + accept + b"\r\n\r\n")
    got = rest
    while True:
        b = conn.recv(65536)
        if not b:
            break
        got += b
        conn.sendall(frame(OP_BIN, b"seen", mask=False))
    backend.eof = True
    conn.sendall(close_frame(1001, b"backend going away", mask=False))


def test_sigterm_passthrough(wsinetd, backend):
    b = backend(goodbye_backend)
    b.eof = False
    srv = wsinetd.socket_activate("ws://127.0.0.1:%d/" % b.port)
    c = open_ws(srv)
    peer = c.local
    c.send(frame(OP_BIN, b"hello"))
    assert c.read_message() == (OP_BIN, b"seen")
    signal_handler(srv, signal.SIGTERM)
    wait_for(lambda: b.eof, what="the backend to see our FIN")
    assert c.read_message() == (OP_CLOSE, struct.pack("!H", 1001) + b"backend going away")
    assert c.read_to_eof() == b""
    c.close()
    wait_log_line(srv, peer, "SIGTERM: the backend gets our FIN")
    wait_log_line(srv, peer, " 101 ", "target=ws://")
    srv.wait_log("died with code")
    assert launcher_exit_codes(srv) == [0], srv.log()
