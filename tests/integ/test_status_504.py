"""A tcp: target, or a ws:// passthrough, whose connect hangs gets 504
after --handshake-timeout.

The backend is a listen(0) socket that never accepts; the test fills its
accept queue first, so the kernel drops further SYNs and wsinetd's connect
neither succeeds nor fails.
"""

import select
import socket
import time

import pytest

from helpers import RawClient, wait_log_line


@pytest.mark.parametrize("target", ["tcp:127.0.0.1:%d", "ws://127.0.0.1:%d/"])
def test_status_504(wsinetd, target):
    lst = socket.socket()
    lst.bind(("127.0.0.1", 0))
    lst.listen(0)
    addr = lst.getsockname()
    fillers = []
    try:
        for _ in range(8):
            s = socket.socket()
            s.setblocking(False)
            fillers.append(s)
            s.connect_ex(addr)
            if not select.select([], [s], [], 0.3)[1]:
                break          # this SYN was dropped: the queue is full
        else:
            raise AssertionError("could not fill the accept queue")
        srv = wsinetd.socket_activate("--handshake-timeout", "1", target % addr[1])
        c = RawClient.connect(srv.host, srv.port)
        peer = c.local
        t0 = time.monotonic()
        r = c.handshake()
        took = time.monotonic() - t0
        assert r.status == 504, r
        assert took < 3, "504 took %.1fs with --handshake-timeout 1" % took
        c.read_to_eof()
        c.close()
        wait_log_line(srv, peer, "504")
    finally:
        for s in fillers:
            s.close()
        lst.close()
