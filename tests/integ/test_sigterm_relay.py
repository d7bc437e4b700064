"""SIGTERM (systemctl stop) or SIGINT (Ctrl-C) to a handler in the middle
of a WebSocket: the client gets Close 1001 "server shutting down", data it
sends before its reply still reaches the backend, the backend then gets
our FIN, the access line says close=1001 and the process exits 0, all
within the close bound (CLOSE_WAIT_MS, 3 s)."""

import signal
import struct
import time

import pytest

from harness import wait_for
from helpers import (OP_BIN, OP_CLOSE, close_frame, frame, launcher_exit_codes, open_ws,
                     record_handler, signal_handler, wait_log_line)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["TERM", "INT"])
def test_sigterm_relay(wsinetd, backend, sig):
    b = backend(record_handler)
    b.received, b.eof = bytearray(), False
    srv = wsinetd.socket_activate(b.target)
    c = open_ws(srv)
    peer = c.local
    c.send(frame(OP_BIN, b"before the signal;"))
    wait_for(lambda: bytes(b.received) == b"before the signal;", what="first message at the backend")
    sent = signal_handler(srv, sig)
    op, payload = c.read_message()
    took = time.monotonic() - sent
    assert (op, payload) == (OP_CLOSE, struct.pack("!H", 1001) + b"server shutting down")
    assert took < 1, "Close 1001 took %.2f s" % took
    # After the server's Close the client may still send; then it answers.
    c.send(frame(OP_BIN, b"after its Close"))
    c.send(close_frame(1001))
    assert c.read_to_eof() == b""
    c.close()
    wait_for(lambda: b.eof, what="the backend's FIN")
    assert bytes(b.received) == b"before the signal;after its Close"
    name = signal.Signals(sig).name
    wait_log_line(srv, peer, name + ", closing with 1001")
    line = wait_log_line(srv, peer, " 101 ", "close=1001")
    assert "in=33/2" in line, line
    srv.wait_log("died with code")
    assert launcher_exit_codes(srv) == [0], srv.log()
