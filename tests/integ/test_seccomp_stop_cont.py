"""A handler stopped and continued (SIGSTOP/SIGCONT: job control, a
debugger or strace attaching) while its relay waits in poll() with a
deadline resumes through restart_syscall(2): the relay's seccomp filter
allows it, so the connection goes on instead of ending with exit 159."""

import os
import signal
import time

from harness import children, wait_for
from helpers import OP_TEXT, RawClient, answer_close, expect_accept, frame, wait_log_line


def test_stopped_handler_resumes(wsinetd):
    # --ping-interval gives the relay's poll() a deadline.
    srv = wsinetd.socket_activate("--ping-interval", "60", "echo")
    c = RawClient.connect(srv.host, srv.port)
    expect_accept(c.handshake())
    c.send(frame(OP_TEXT, b"before"))
    assert c.read_message() == (OP_TEXT, b"before")
    wait_for(lambda: children(srv.proc.pid), what="the handler")
    pid = children(srv.proc.pid)[0]
    time.sleep(0.2)                 # in poll() now
    os.kill(pid, signal.SIGSTOP)
    time.sleep(0.2)
    os.kill(pid, signal.SIGCONT)
    c.send(frame(OP_TEXT, b"after"))
    assert c.read_message() == (OP_TEXT, b"after"), srv.log()
    answer_close(c, 1000)
    line = wait_log_line(srv, "wsinetd[", "close=1000")
    assert "in=11/2 out=11/2" in line, line
    assert "seccomp" not in srv.log(), srv.log()
