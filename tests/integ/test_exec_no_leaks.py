"""exec: the program holds no descriptor but 0, 1 and 2 (not the client's
socket, not the launcher's), and 100 connections in a row under --listen
leave no handler, no zombie and no descriptor behind in the parent: only
its pre-forked children, waiting in accept()."""

import os
import time

from harness import children, proc_stat
from helpers import OP_BIN, close_frame, frame, handlers, open_ws, waiting_in_accept


def fds(pid):
    return sorted(int(f) for f in os.listdir("/proc/%d/fd" % pid))


def test_exec_child_fds_only_012(wsinetd):
    srv = wsinetd.socket_activate("exec:/bin/sh", "-c", "echo $$; exec sleep 30")
    c = open_ws(srv)
    op, payload = c.read_message()
    pid = int(payload)
    assert fds(pid) == [0, 1, 2]
    # 0 and 1 are pipes, 2 the stderr pipe: never the inetd socket.
    for fd in (0, 1, 2):
        assert os.readlink("/proc/%d/fd/%d" % (pid, fd)).startswith("pipe:"), fd
    c.send(close_frame(1000))
    c.read_until_close()
    c.close()


def test_exec_100_connections_no_zombie_no_fd(wsinetd):
    srv = wsinetd.listen("exec:/bin/sh", "-c", "echo $$; read l; echo $l")
    parent = srv.proc.pid
    before = fds(parent)
    pids = []
    for i in range(100):
        c = open_ws(srv)
        op, payload = c.read_message()
        pids.append(int(payload))
        c.send(frame(OP_BIN, b"n%d\n" % i))
        assert c.read_until_close() == (b"n%d\n" % i, 1000)
        c.send(close_frame(1000))
        c.read_to_eof()
        c.close()
    end = time.monotonic() + 10
    while time.monotonic() < end and handlers(parent):
        time.sleep(0.05)
    assert handlers(parent) == [], [proc_stat(p) for p in children(parent)]
    idle = children(parent)
    assert len(idle) == 4 and all(waiting_in_accept(p) for p in idle), idle
    assert [p for p in pids if proc_stat(p) is not None] == []
    assert fds(parent) == before
