"""The backend never reads, so wsinetd stops reading the client; the client
then resets.  wsinetd must notice (poll reports the reset even for a
descriptor it is not reading) and end, not wait for the backend forever."""

import socket
import struct
import threading
import time

from helpers import OP_BIN, frame, open_ws


def never_read(conn, b):
    b.release.wait(20)


def test_client_reset_while_backend_stalls(wsinetd, backend):
    b = backend(never_read)
    b.release = threading.Event()
    srv = wsinetd.socket_activate(b.target)
    c = open_ws(srv)
    c.sock.setblocking(False)
    f, t0 = frame(OP_BIN, b"q" * 60000), time.monotonic()
    pending = b""
    while time.monotonic() - t0 < 2:
        # A partial send keeps its rest: the stream must stay well framed,
        # or wsinetd rightly answers the garbage with 1002.
        pending = pending or f
        try:
            pending = pending[c.sock.send(pending):]
        except BlockingIOError:
            time.sleep(0.05)
    c.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    local = c.local
    c.close()
    try:
        log = srv.wait_log(local + ' "GET /', timeout=8)
    finally:
        b.release.set()
    assert "close=1006" in log or "close=1011" in log, log
