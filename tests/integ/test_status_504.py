"""A tcp: target, or a ws:// passthrough, whose connect hangs gets 504
after --handshake-timeout.

The backend is a listen(0) socket that never accepts; the test fills its
accept queue first, so the kernel drops further SYNs and wsinetd's connect
neither succeeds nor fails.
"""

import time

import pytest

from helpers import RawClient, unanswered_port, wait_log_line


@pytest.mark.parametrize("target", ["tcp:127.0.0.1:%d", "ws://127.0.0.1:%d/"])
def test_status_504(wsinetd, target):
    with unanswered_port() as port:
        srv = wsinetd.socket_activate("--handshake-timeout", "1", target % port)
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
