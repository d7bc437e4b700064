"""A backend that resets the connection mid-stream (SO_LINGER 0 close) gets
the client a Close 1011 after the bytes it did send.

The access line records the close code.
"""

import socket
import struct

from helpers import OP_BIN, answer_close, frame, open_ws, wait_log_line


def reset_after_ack(conn, b):
    conn.sendall(b"hello")
    conn.recv(100)                        # the client saw "hello"
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    conn.close()                          # RST, not FIN


def test_close_1011_backend_reset(wsinetd, backend):
    b = backend(reset_after_ack)
    srv = wsinetd.socket_activate(b.target)
    c = open_ws(srv)
    assert c.read_message() == (OP_BIN, b"hello")
    c.send(frame(OP_BIN, b"ack"))
    assert c.read_until_close() == (b"", 1011)
    answer_close(c, 1011)
    wait_log_line(srv, c.local, "close=1011")
