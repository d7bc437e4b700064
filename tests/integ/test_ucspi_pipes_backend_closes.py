"""Pipes on fds 0 and 1 (tests/tools/pipe_tlsd.py, s6-tlsd's part), the
backend closing first: a tcp: backend sends a greeting and closes, the
client gets it and Close 1000, answers, and then sees EOF."""

from helpers import OP_BIN, OP_CLOSE, Backend, close_frame, wait_log_line
from ucspi_helpers import tcpserver, ws_from


def greet_and_close(conn, backend):
    conn.sendall(b"hello, then bye")


def test_ucspi_pipes_backend_closes(wsinetd):
    b = Backend(greet_and_close)
    try:
        srv = tcpserver(wsinetd, b.target, pipes=True)
        c = ws_from(srv)
        assert c.read_message() == (OP_BIN, b"hello, then bye")
        assert c.read_message() == (OP_CLOSE, b"\x03\xe8")
        c.send(close_frame(1000))
        c.sock.settimeout(10)
        assert c.sock.recv(10) == b""
        c.close()
        line = wait_log_line(srv, " 101 target=" + b.target, "close=1000")
        assert " in=0/0 out=15/1 " in line, line
    finally:
        b.close()
