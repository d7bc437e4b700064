"""exec: a program that exits leaving a process in another session that
holds its stdout: after the client closes, the grace periods run out
(SIGTERM and SIGKILL reach only the program's own group), wsinetd gives
up after EXEC_REAP_MS with a log line and ends: no wait is unbounded."""

import os
import signal
import time

from harness import children
from helpers import OP_BIN, close_frame, open_ws, wait_log_line


def test_exec_escaped_grandchild_bounded(wsinetd):
    srv = wsinetd.socket_activate("--exec-term-ms", 200, "--exec-kill-ms", 200,
                                  "exec:/bin/sh", "-c", "setsid sleep 30 & echo $!")
    c = open_ws(srv)
    peer = c.local
    op, payload = c.read_message()
    stray = int(payload)
    try:
        time.sleep(0.2)               # the program has exited; stdout is still open
        t0 = time.monotonic()
        c.send(close_frame(1000))
        assert c.read_until_close() == (b"", 1000)
        c.read_to_eof(timeout=8)
        took = time.monotonic() - t0
        assert 1.2 < took < 5, took   # 200 + 200 + EXEC_REAP_MS (1000)
        wait_log_line(srv, peer, "exec /bin/sh: its stdout still open 1000 ms "
                      "after SIGKILL; left behind")
        end = time.monotonic() + 5
        while children(srv.proc.pid) and time.monotonic() < end:
            time.sleep(0.05)
        assert not children(srv.proc.pid)
    finally:
        try:
            os.kill(stray, signal.SIGKILL)
        except ProcessLookupError:
            pass
        c.close()
