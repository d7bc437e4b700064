"""A client that half-closes after its request (nc -N, some scripts) to a
backend that never answers still gets the 504 after --handshake-timeout,
not a silent close 3 s after its FIN (black-box attack F11)."""

import socket
import time

import harness
from helpers import launcher_exit_codes, wait_log_line
from pass_stall import stalling_backend


def test_pass_head_deadline_halfclose(wsinetd, backend):
    b = stalling_backend(backend)
    try:
        srv = wsinetd.socket_activate(
            "--handshake-timeout", "5",
            "--route", "/h=http://127.0.0.1:%d/" % b.port, "echo")
        s = socket.create_connection((srv.host, srv.port), timeout=15)
        t0 = time.monotonic()
        s.sendall(b"GET /h HTTP/1.1\r\nHost: x\r\n\r\n")
        s.shutdown(socket.SHUT_WR)
        got = b""
        while True:
            d = s.recv(4096)
            if not d:
                break
            got += d
        took = time.monotonic() - t0
        s.close()
        assert got.startswith(b"HTTP/1.1 504 "), got[:200]
        assert 4.5 < took < 9, "504 after %.1f s with --handshake-timeout 5" % took
        wait_log_line(srv, "sent no response head in 5 s, answered 504")
        harness.wait_for(lambda: launcher_exit_codes(srv) == [1],
                         what="the handler to exit 1: %s" % srv.log())
    finally:
        b.release.set()
