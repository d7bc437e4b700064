"""Backpressure: a flooding backend and a client that stops reading.

The tcp backend writes 64 MiB as fast as it can.  The client completes the
upgrade and then reads nothing for 2 s.  wsinetd must stop reading the
backend (the backend is left blocked well before 64 MiB) and its RSS must
stay bounded; then the client reads everything and the bytes match.
"""

import hashlib
import time

from helpers import RawClient, expect_accept, random_bytes, vm_rss_kib, wait_child

BLOCK = random_bytes(1 << 20, 64)
BLOCKS = 64
LIMIT_KIB = 16 << 10     # measured: 3.5 MiB plain, 9 MiB with ASan


def flood(conn, b):
    for _ in range(BLOCKS):
        conn.sendall(BLOCK)
        b.sent += len(BLOCK)
    conn.shutdown(1)


def test_backpressure(wsinetd, backend):
    b = backend(flood)
    b.sent = 0
    srv = wsinetd.socket_activate(b.target)
    c = RawClient.connect(srv.host, srv.port, timeout=30)
    expect_accept(c.handshake())
    pid = wait_child(srv.proc.pid)
    time.sleep(2)
    rss = vm_rss_kib(pid)
    sent = b.sent
    print("wsinetd pid %d VmRSS %d KiB while the client stalls; backend sent %d MiB"
          % (pid, rss, sent >> 20))
    assert rss < LIMIT_KIB, "VmRSS %d KiB" % rss
    assert sent < BLOCKS * len(BLOCK) // 2, "backend was never held back: sent %d bytes" % sent

    data, code = c.read_until_close(limit=BLOCKS << 20)
    want = hashlib.sha256(BLOCK * BLOCKS).hexdigest()
    assert len(data) == BLOCKS * len(BLOCK)
    assert hashlib.sha256(data).hexdigest() == want
    assert code == 1000
    assert not b.errors, b.errors
