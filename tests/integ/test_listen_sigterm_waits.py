"""SIGTERM or SIGINT to the resident parent alone (not its process group)
is passed on to every child: the idle ones die at once, new connections are
refused, and the parent waits for the handler that has a connection (held
stopped here, so it cannot act on the signal yet) before it exits 0.  What
the handler then does with the signal is stop.c's: the client gets a
Close 1001 and the access line is written."""

import os
import signal
import socket
import time

import pytest

from harness import children, proc_stat, wait_for
from helpers import answer_close, open_ws, wait_handler, wait_log_line


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_listen_sigterm_waits(wsinetd, sig):
    srv = wsinetd.listen("--prefork", "2", "echo")
    parent = srv.proc.pid
    c = open_ws(srv)
    handler = wait_handler(parent)
    wait_for(lambda: len(children(parent)) == 3, what="2 idle children and the handler")
    idle = [p for p in children(parent) if p != handler]
    os.kill(handler, signal.SIGSTOP)
    wait_for(lambda: proc_stat(handler)[0] == "T", what="the handler stopped")
    os.kill(parent, sig)
    wait_for(lambda: all(proc_stat(p) is None for p in idle), what="idle children gone")
    srv.wait_log("stopping; waiting up to 6000 ms for 1 connection")
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection((srv.host, srv.port), timeout=5)
    time.sleep(1.0)
    assert srv.proc.poll() is None, "the parent did not wait for its handler"
    assert children(parent) == [handler]
    os.kill(handler, signal.SIGCONT)            # the forwarded signal lands now
    assert c.read_until_close() == (b"", 1001)  # the handler's answer (stop.c)
    answer_close(c, 1001)
    assert srv.proc.wait(10) == 0, srv.log()
    assert proc_stat(handler) is None
    wait_log_line(srv, "wsinetd[%d]:" % handler, " 101 ", "close=1001")
