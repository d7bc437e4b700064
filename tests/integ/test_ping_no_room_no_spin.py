"""--ping-interval with a client that does not read while the backend
streams: a due ping with no room is skipped, and the handler sleeps in
poll() instead of spinning on a timer in the past."""

import time

from helpers import RawClient, cpu_seconds, expect_accept, wait_child


def stream(conn, b):
    end = time.monotonic() + 10
    conn.settimeout(0.5)
    while time.monotonic() < end:
        try:
            conn.send(b"x" * 4096)
        except TimeoutError:
            pass


def test_ping_no_room_no_spin(wsinetd, backend):
    b = backend(stream)
    srv = wsinetd.socket_activate("--ping-interval", "1", b.target)
    c = RawClient.connect(srv.host, srv.port, rcvbuf=4096)
    expect_accept(c.handshake())
    time.sleep(1.5)                       # buffers full, a ping now due
    pid = wait_child(srv.proc.pid)
    t0 = cpu_seconds(pid)
    time.sleep(3)
    used = cpu_seconds(pid) - t0
    c.close()
    assert used < 0.5, "handler used %.2f s of CPU in 3 s while stalled" % used
