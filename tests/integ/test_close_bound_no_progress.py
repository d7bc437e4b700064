"""The closing bound: the backend floods, the client never reads, so the
relay stalls; --idle-timeout 2 decides to close with 1001, but the client
neither reads nor answers, which is no progress.  3 s later (CLOSE_WAIT_MS)
wsinetd gives up, says in the log how many bytes it dropped, and exits.
(2 s, not 1: on a loaded machine the backend's first bytes can take over a
second to arrive, and an idle close before any data drops nothing.)"""

import time

from helpers import RawClient, expect_accept, wait_log_line


def flood(conn, b):
    try:
        conn.sendall(b"y" * (64 << 20))
    except OSError:
        pass


def test_close_bound_no_progress(wsinetd, backend):
    b = backend(flood)
    srv = wsinetd.socket_activate("--idle-timeout", "2", b.target)
    c = RawClient.connect(srv.host, srv.port, rcvbuf=4096)
    expect_accept(c.handshake())
    t0 = time.monotonic()
    line = wait_log_line(srv, "no progress for 3000 ms while closing", timeout=20)
    assert "bytes for the client" in line and " dropped" in line
    elapsed = time.monotonic() - t0
    wait_log_line(srv, c.local, "close=1001", timeout=5)
    # Stalled, then 2 s idle, then 3 s without progress.
    assert 4.5 < elapsed < 10, elapsed
    c.close()
