"""--web gives up on a client that stops reading a body: after 3 s without
progress the process logs it (naming the peer and how far it got) and
exits, instead of holding the connection forever."""

import socket
import time

from helpers import wait_log_line


def test_web_stall(wsinetd, tmp_path):
    www = tmp_path / "www"
    www.mkdir()
    (www / "big.bin").write_bytes(b"\x00" * (20 << 20))
    srv = wsinetd.socket_activate("-v", "--web", www, "echo")
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 12)
    s.connect((srv.host, srv.port))
    peer = "%s:%d" % s.getsockname()[:2]
    start = time.monotonic()
    s.sendall(b"GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n")
    # Read nothing: the server's send buffer and our window fill up.
    line = wait_log_line(srv, peer, "no progress in 3 s", timeout=15)
    took = time.monotonic() - start
    assert 2.5 <= took <= 12, took
    assert "/big.bin" in line and "of 20971520 bytes" in line, line
    wait_log_line(srv, peer, '"GET /big.bin" 200')
    s.close()
