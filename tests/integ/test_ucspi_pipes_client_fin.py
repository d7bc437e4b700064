"""Pipes on fds 0 and 1 (tests/tools/pipe_tlsd.py, s6-tlsd's part), the
client leaving without a Close: after a message it only closes its side
(FIN), which reaches wsinetd as EOF on fd 0; the backend gets the
message and then its own FIN, and the access line says close=1006."""

import socket

from harness import wait_for
from helpers import OP_BIN, frame, recorder, wait_log_line
from ucspi_helpers import tcpserver, ws_from


def test_ucspi_pipes_client_fin(wsinetd):
    b = recorder()
    try:
        c = ws_from(tcpserver(wsinetd, b.target, pipes=True))
        c.send(frame(OP_BIN, b"last words"))
        c.sock.shutdown(socket.SHUT_WR)
        wait_for(lambda: b.eof, what="the backend's FIN")
        assert bytes(b.received) == b"last words"
        c.sock.settimeout(10)
        assert c.sock.recv(100) == b""
        c.close()
        line = wait_log_line(wsinetd.servers[-1], " 101 target=" + b.target, "close=1006")
        assert " in=10/1 " in line, line
    finally:
        b.close()
