"""SIGTERM to a handler relaying an exec: program: Close 1001 to the
client, then the program's stdin is closed (cat exits on its own), it is
reaped, the access line says close=1001 and the handler exits 0."""

import signal
import struct

from helpers import (OP_BIN, OP_CLOSE, close_frame, frame, launcher_exit_codes, open_ws,
                     signal_handler, wait_log_line)


def test_sigterm_exec(wsinetd):
    srv = wsinetd.socket_activate("exec:cat")
    c = open_ws(srv)
    peer = c.local
    c.send(frame(OP_BIN, b"through cat"))
    assert c.read_message() == (OP_BIN, b"through cat")
    signal_handler(srv, signal.SIGTERM)
    assert c.read_message() == (OP_CLOSE, struct.pack("!H", 1001) + b"server shutting down")
    c.send(close_frame(1001))
    assert c.read_to_eof() == b""
    c.close()
    wait_log_line(srv, peer, " 101 ", "close=1001")
    srv.wait_log("died with code")
    assert launcher_exit_codes(srv) == [0], srv.log()
