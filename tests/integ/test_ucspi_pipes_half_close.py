"""Pipes on fds 0 and 1 (tests/tools/pipe_tlsd.py, s6-tlsd's part) and
a passthrough whose backend ends its response by closing (HTTP/1.0, no
Content-Length): wsinetd's half-close to the client must be closing
fd 1, since shutdown(2) fails on a pipe.  The client, which has not
closed its own side, reads the whole response and its EOF at once, not
after wsinetd's 3 s bound on a half-closed splice."""

import socket
import threading
import time

from helpers import wait_log_line
from ucspi_helpers import tcpserver

BODY = b"the end of this body is the end of the connection\n"


def backend(lst):
    conn, _ = lst.accept()
    with conn:
        conn.settimeout(10)
        data = b""
        while b"\r\n\r\n" not in data:
            data += conn.recv(4096)
        conn.sendall(b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n" + BODY)


def test_ucspi_pipes_half_close(wsinetd):
    lst = socket.create_server(("127.0.0.1", 0))
    t = threading.Thread(target=backend, args=(lst,), daemon=True)
    t.start()
    try:
        url = "http://127.0.0.1:%d/" % lst.getsockname()[1]
        srv = tcpserver(wsinetd, url, pipes=True)
        s = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
        t0 = time.monotonic()
        s.sendall(b"GET /doc HTTP/1.1\r\nHost: h\r\n\r\n")
        got = b""
        while True:
            b = s.recv(65536)
            if not b:
                break
            got += b
        took = time.monotonic() - t0
        s.close()
        assert got.startswith(b"HTTP/1.0 200 OK\r\n") and got.endswith(b"\r\n\r\n" + BODY), got
        assert took < 2.5, "EOF after %.1f s: the half-close did not reach the client" % took
        wait_log_line(srv, '"GET /doc" 200 target=' + url)
    finally:
        lst.close()
