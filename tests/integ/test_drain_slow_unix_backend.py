"""The client sends 300 kB and Close at once; the unix backend reads
30 kB/s.  A unix socket is writable again only when 3/4 of its buffer is
free, so wsinetd's writes pause for more than the 3 s close bound while the
backend is still reading: its shrinking kernel queue counts as progress,
and every byte arrives before the backend's EOF."""

import time

from helpers import OP_BIN, RawClient, close_frame, expect_accept, frame, wait_log_line

N, RATE = 300000, 30000


def slow_reader(conn, b):
    while True:
        d = conn.recv(4096)
        if not d:
            b.eof = True
            return
        b.received += len(d)
        time.sleep(len(d) / RATE)


def test_drain_slow_unix_backend(wsinetd, backend):
    b = backend(slow_reader, kind="unix")
    b.received, b.eof = 0, False
    srv = wsinetd.socket_activate(b.target)
    c = RawClient.connect(srv.host, srv.port, timeout=30)
    expect_accept(c.handshake(extra_bytes=frame(OP_BIN, b"z" * N) + close_frame(1000)))
    assert c.read_to_eof(timeout=30).endswith(b"\x88\x02\x03\xe8")
    assert b.done.wait(30)
    assert (b.received, b.eof) == (N, True)
    wait_log_line(srv, c.local, "in=%d/1" % N)
    assert "dropped" not in srv.log()
