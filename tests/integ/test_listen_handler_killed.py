"""A handler killed by a signal mid-connection (a crash) gets a line from
the resident parent naming its pid and the signal; it writes no access line
of its own, so before this nothing said it happened (found by a black-box
attack).  An idle child's death already had its line; the cap recovers."""

import os
import signal

from harness import wait_for
from helpers import open_ws, wait_handler, wait_log_line


def test_listen_handler_killed(wsinetd):
    srv = wsinetd.listen("--prefork", "1", "--max-connections", "2", "echo")
    # ASan takes SIGSEGV as a report and an exit 1; SIGABRT it leaves alone.
    sig = signal.SIGABRT if wsinetd.variant == "asan" else signal.SIGSEGV
    for round in range(3):
        c = open_ws(srv)
        handler = wait_handler(srv.proc.pid)
        os.kill(handler, sig)
        line = wait_log_line(srv, "child %d was killed by signal %d" % (handler, sig),
                             "during its connection")
        assert "core dumped" in line or "killed by signal" in line, line
        c.read_to_eof()
        c.close()
    # Three crashes later the cap of 2 still admits a connection.
    open_ws(srv).close()
    assert srv.proc.poll() is None
