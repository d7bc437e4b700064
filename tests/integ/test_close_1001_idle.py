"""--idle-timeout 1: a silent client gets Close 1001 after about a second.

The access line records the close code.
"""

import time

from helpers import answer_close, open_ws, wait_log_line


def test_close_1001_idle(wsinetd):
    srv = wsinetd.socket_activate("--idle-timeout", "1", "echo")
    c = open_ws(srv)
    t0 = time.monotonic()
    assert c.read_until_close() == (b"", 1001)
    took = time.monotonic() - t0
    assert 0.8 < took < 3, "Close 1001 after %.2fs" % took
    answer_close(c, 1001)
    wait_log_line(srv, c.local, "close=1001")
