"""A persistent accept() error does not spin (issue 14 item 6).  Whoever
accepts (the parent with --prefork 0, the pre-forked children otherwise)
gets its descriptor limit lowered to its lowest free descriptor, so
accept() fails with EMFILE; wsinetd backs off 500 ms per try and logs one
line per try: 2 s give a handful of lines and almost no CPU (the old
parent wrote 2.25 million lines in 2 s at 100 % CPU).  With the limit back,
the connection that waited all along is upgraded.

Linux reserves accept()'s descriptor when the call starts, so a child
already blocked in accept() is stopped and continued (SIGSTOP, SIGCONT):
the call restarts and meets the new limit."""

import os
import resource
import signal
import time

import pytest

from harness import children, proc_stat, wait_for
from helpers import (RawClient, answer_close, cpu_seconds, expect_accept,
                     upgrade_request, waiting_in_accept)

LINE = "accept: trying again in 500 ms: Too many open files"


def lowest_free_fd(pid):
    used = {int(f) for f in os.listdir("/proc/%d/fd" % pid)}
    return min(set(range(len(used) + 1)) - used)


@pytest.mark.parametrize("prefork", ["0", "2"])
def test_listen_accept_emfile(wsinetd, prefork):
    srv = wsinetd.listen("--prefork", prefork, "echo")
    parent = srv.proc.pid
    if prefork == "0":
        acceptors = [parent]
    else:
        # Both children in accept(): one still starting would take the
        # connection with its limit untouched.
        acceptors = wait_for(lambda: (lambda w: w if len(w) == 2 else None)(
            [c for c in children(parent) if waiting_in_accept(c)]), what="2 idle children")
    limits = {p: resource.prlimit(p, resource.RLIMIT_NOFILE) for p in acceptors}
    for p, (soft, hard) in limits.items():
        resource.prlimit(p, resource.RLIMIT_NOFILE, (lowest_free_fd(p), hard))
        if p != parent:
            os.kill(p, signal.SIGSTOP)      # a pending SIGCONT would cancel it
            wait_for(lambda: proc_stat(p)[0] == "T", what="child %d stopped" % p)
            os.kill(p, signal.SIGCONT)
    cpu0 = sum(cpu_seconds(p) for p in acceptors)
    c = RawClient.connect(srv.host, srv.port)
    c.send(upgrade_request())
    time.sleep(2.0)
    lines = srv.log().count(LINE)
    cpu = sum(cpu_seconds(p) for p in acceptors) - cpu0
    # One line per acceptor and back-off: at most 5 each in 2 s, plus slack.
    assert 1 <= lines <= 6 * len(acceptors), srv.log()[-2000:]
    assert cpu < 0.25, "%.2f s of CPU in 2 s of EMFILE" % cpu
    assert children(parent) == ([] if prefork == "0" else acceptors)
    for p, lim in limits.items():
        resource.prlimit(p, resource.RLIMIT_NOFILE, lim)
    expect_accept(c.read_response())
    answer_close(c, 1000)
