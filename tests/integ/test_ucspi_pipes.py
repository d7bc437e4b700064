"""Pipes on fds 0 and 1, as s6-tlsserver gives them (here under
tcpserver through tests/tools/pipe_tlsd.py, which plays s6-tlsd's part:
s6-networking is not in Debian 12).
wsinetd takes the client from $TCPREMOTEIP/$TCPREMOTEPORT (there is no
socket to ask) and the echo works.  The client closes first: its Close
is answered, and wsinetd's end, closing fd 1, reaches the client as EOF
while the client has not yet closed anything itself.  Before, pipes were
a usage error."""

import socket

from helpers import log_message, OP_CLOSE, OP_TEXT, close_frame, connect_from, expect_accept, frame, \
    wait_log_line
from ucspi_helpers import tcpserver


def test_ucspi_pipes(wsinetd):
    srv = tcpserver(wsinetd, "echo", pipes=True)
    c = connect_from("127.0.0.1", srv.port, "127.0.0.2")
    me = c.local
    expect_accept(c.handshake())
    for i in range(3):
        c.send(frame(OP_TEXT, "through pipes %d" % i))
        assert c.read_message() == (OP_TEXT, b"through pipes %d" % i)
    c.send(close_frame(1000))
    assert c.read_message() == (OP_CLOSE, b"\x03\xe8")
    c.sock.settimeout(10)
    assert c.sock.recv(10) == b"", "no EOF from wsinetd's side"
    # Only now does the client close its side.
    c.sock.shutdown(socket.SHUT_WR)
    c.close()
    line = wait_log_line(srv, '"GET /" 101 target=echo', "close=1000")
    assert log_message(line).startswith(me + " "), line
    assert " in=45/3 out=45/3 " in line, line
    # Without the half-close both sides wait for each other until
    # wsinetd's drain gives up after 3 s.
    assert float(line.split(" time=")[1].split("s ")[0]) < 2.5, line
    assert "usage" not in srv.log() and "no connection to handle" not in srv.log()
