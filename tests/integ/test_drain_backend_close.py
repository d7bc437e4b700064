"""Drain before close: backend writes N bytes and closes.

The client is slow to start reading and has a small receive window, so
wsinetd's buffer toward the client is still full when the backend's EOF
arrives.  It must receive all N bytes, then Close 1000.
"""

import time

from helpers import RawClient, close_frame, expect_accept, random_bytes, sha

DATA = random_bytes(3 << 20, 6)


def write_and_close(conn, b):
    conn.sendall(DATA)
    conn.shutdown(1)


def test_drain_backend_close(wsinetd, backend):
    b = backend(write_and_close)
    srv = wsinetd.socket_activate(b.target)
    c = RawClient.connect(srv.host, srv.port, rcvbuf=4096)
    expect_accept(c.handshake())
    time.sleep(0.5)
    data, code = c.read_until_close()
    assert len(data) == len(DATA) and sha(data) == sha(DATA)
    assert code == 1000
    c.send(close_frame(1000))
    assert c.read_to_eof() == b""
