"""A passthrough backend that takes the request, then sends `head` (maybe
nothing) and stalls until the test lets it go; and the check that the
client gets 504 after --handshake-timeout 2 (black-box attack F11)."""

import threading
import time

import harness
from helpers import launcher_exit_codes, refused, wait_log_line


def stalling_backend(backend, head=b""):
    def stall(conn, b):
        req = b""
        while b"\r\n\r\n" not in req:
            got = conn.recv(4096)
            if not got:
                return
            req += got
        if head:
            conn.sendall(head)
        b.release.wait(20)      # never more, never close
    b = backend(stall)
    b.release = threading.Event()
    return b


def expect_504(srv, request, log_part):
    """request gets 504 in 1.5 to 5 s, a log line with log_part, the
    handler exits 1."""
    t0 = time.monotonic()
    r = refused(srv, request, 504)
    took = time.monotonic() - t0
    assert 1.5 < took < 5, "504 after %.1f s with --handshake-timeout 2" % took
    wait_log_line(srv, log_part)
    harness.wait_for(lambda: launcher_exit_codes(srv) == [1],
                     what="the handler to exit 1: %s" % srv.log())
