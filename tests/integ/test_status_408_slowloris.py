"""Slowloris: half a request and silence get 408 and a close after
--handshake-timeout 1 (within about 2 s)."""

import time

from helpers import RawClient, wait_log_line


def test_status_408_slowloris(wsinetd):
    srv = wsinetd.socket_activate("--handshake-timeout", "1", "echo")
    c = RawClient.connect(srv.host, srv.port)
    peer = c.local
    t0 = time.monotonic()
    c.send(b"GET / HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n")
    r = c.read_response()
    c.read_to_eof(timeout=3)
    took = time.monotonic() - t0
    assert r.status == 408, r
    assert 0.8 < took < 2.5, "408 and close after %.2fs" % took
    wait_log_line(srv, peer, "408")
