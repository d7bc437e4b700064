"""Once one direction is done, the other must make progress every
CLOSE_WAIT_MS (3 s): a backend that answers, then neither reads nor
closes, is dropped about 3 s after the client sent its FIN, with a log
line; until then the client still gets everything the backend sent."""

import socket
import threading
import time


def stall(conn, backend):
    req = b""
    while b"\r\n\r\n" not in req:
        req += conn.recv(4096)
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n" + b"x" * 10)
    backend.release.wait(20)          # never read, never close


def test_pass_close_bound(wsinetd, backend):
    b = backend(stall)
    b.release = threading.Event()
    try:
        srv = wsinetd.socket_activate("http://127.0.0.1:%d/" % b.port)
        s = socket.create_connection((srv.host, srv.port), timeout=15)
        s.sendall(b"GET /slow HTTP/1.1\r\nHost: h\r\n\r\n")
        got = b""
        while not got.endswith(b"x" * 10):
            got += s.recv(4096)
        s.shutdown(socket.SHUT_WR)
        t0 = time.monotonic()
        assert s.recv(4096) == b"", "data after the backend went silent"
        took = time.monotonic() - t0
        s.close()
        assert 2.5 < took < 6, "ended %.1f s after the client's FIN" % took
        srv.wait_log("no progress for 3000 ms after the client closed")
    finally:
        b.release.set()
