"""The resident parent's wait after SIGTERM is bounded: a handler that does
not end (held stopped here) is killed when the bound passes (the close
bound, 3 s, plus --exec-term-ms and --exec-kill-ms, plus 1 s), the log
says so, and the parent exits 0 with no child left behind."""

import os
import signal
import time

from harness import children, proc_stat, wait_for
from helpers import open_ws, wait_handler


def test_listen_sigterm_bound(wsinetd):
    srv = wsinetd.listen("--prefork", "1", "--exec-term-ms", "0", "--exec-kill-ms", "0",
                         "echo")
    parent = srv.proc.pid
    c = open_ws(srv)
    handler = wait_handler(parent)
    os.kill(handler, signal.SIGSTOP)
    wait_for(lambda: proc_stat(handler)[0] == "T", what="the handler stopped")
    t0 = time.monotonic()
    os.kill(parent, signal.SIGTERM)
    srv.wait_log("stopping; waiting up to 4000 ms for 1 connection")
    assert srv.proc.wait(15) == 0, srv.log()
    waited = time.monotonic() - t0
    assert 3.5 <= waited < 10, waited
    srv.wait_log("1 connection still open after 4000 ms: killed")
    assert proc_stat(handler) is None
    assert children(parent) == []
    c.close()
