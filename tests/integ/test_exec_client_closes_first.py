"""exec: when the client closes first (a Close, or just leaving) the
program's stdin is closed; one that goes on anyway gets SIGTERM after
--exec-term-ms and SIGKILL after --exec-kill-ms more, and is reaped by
wsinetd (the log gives the signal): no process and no zombie is left."""

import os
import time

import pytest

from harness import proc_stat
from helpers import OP_BIN, close_frame, open_ws, wait_log_line

TERM_MS, KILL_MS = 300, 300


def program_pid(c):
    op, payload = c.read_message()
    assert op == OP_BIN
    return int(payload.split()[0])


def gone_within(pid, secs):
    end = time.monotonic() + secs
    while time.monotonic() < end:
        if proc_stat(pid) is None:
            return time.monotonic()
        time.sleep(0.02)
    raise AssertionError("pid %d still there (state %s)" % (pid, proc_stat(pid)))


@pytest.mark.parametrize("script,signal,how", [
    ("echo $$; exec sleep 60", "killed by signal 15 (SIGTERM)", "close"),
    ("trap '' TERM; echo $$; exec sleep 60", "killed by signal 9 (SIGKILL)", "close"),
    ("trap '' TERM; echo $$; exec sleep 60", "killed by signal 9 (SIGKILL)", "leave"),
])
def test_exec_client_closes_first(wsinetd, script, signal, how):
    srv = wsinetd.socket_activate("-v", "--exec-term-ms", TERM_MS,
                                  "--exec-kill-ms", KILL_MS,
                                  "exec:/bin/sh", "-c", script)
    c = open_ws(srv)
    peer = c.local
    pid = program_pid(c)
    assert proc_stat(pid) is not None
    t0 = time.monotonic()
    if how == "close":
        c.send(close_frame(1000))
        assert c.read_until_close() == (b"", 1000)
    else:
        c.close()
    t = gone_within(pid, 5) - t0
    grace = (TERM_MS + (KILL_MS if "KILL" in signal else 0)) / 1000
    assert grace - 0.05 <= t < grace + 2, t
    wait_log_line(srv, peer, "exec /bin/sh: " + signal)
    if how == "close":
        c.read_to_eof()
        c.close()
    wait_log_line(srv, peer, " 101 ")


def test_exec_stdin_eof_is_enough(wsinetd):
    # A program that ends on its stdin's EOF never sees a signal.
    srv = wsinetd.socket_activate("-v", "exec:/bin/sh", "-c", "echo $$; cat >/dev/null")
    c = open_ws(srv)
    peer = c.local
    pid = program_pid(c)
    c.send(close_frame(1000))
    assert c.read_until_close() == (b"", 1000)
    c.read_to_eof()
    c.close()
    gone_within(pid, 2)
    wait_log_line(srv, peer, "exec /bin/sh: exited with status 0")
    assert "SIGTERM" not in srv.log()
