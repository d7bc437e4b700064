"""A client that sends half a frame and then resets the connection (RST,
SO_LINGER 0): the handler notices, logs close=1006 (no Close frame came),
and exits; its backend connection is closed too."""

import socket
import struct

from harness import children, wait_for
from helpers import frame, OP_BIN, open_ws, recorder, wait_log_line


def test_hostile_reset_mid_frame(wsinetd):
    b = recorder()
    try:
        srv = wsinetd.socket_activate(b.target)
        c = open_ws(srv)
        peer = c.local
        half = frame(OP_BIN, b"y" * 1000)[:500]
        c.send(half)
        c.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        c.sock.close()
        wait_log_line(srv, peer, "close=1006")
        wait_for(lambda: not children(srv.proc.pid), what="the handler to exit")
        wait_for(lambda: b.eof, what="the backend to see EOF")
    finally:
        b.close()
