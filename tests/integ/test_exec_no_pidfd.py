"""exec: without pidfd_open (kernels before 5.3, older container seccomp
profiles): wsinetd falls back to asking wait4 on a timer.  The program's
exit still ends the WebSocket with its status (1011 for 3), a client that
leaves first still gets the program SIGTERMed after --exec-term-ms, and no
zombie or process is left.  wsinetd holds no pidfd meanwhile, so the
fallback is what ran."""

import errno
import os
import time

import pytest

from harness import children, proc_stat
from helpers import (OP_BIN, OP_TEXT, build_tool, frame, open_ws, wait_child,
                     wait_log_line)


@pytest.fixture(scope="module")
def nopidfd(tmp_path_factory):
    """A launcher prefix: wsinetd runs with pidfd_open failing (ENOSYS)."""
    return [build_tool(tmp_path_factory, "sysfail"), "pidfd_open", str(errno.ENOSYS)]


def has_pidfd(pid):
    fds = "/proc/%d/fd" % pid
    return any(os.readlink(os.path.join(fds, n)) == "anon_inode:[pidfd]" for n in os.listdir(fds))


def no_children_within(srv, secs):
    end = time.monotonic() + secs
    while time.monotonic() < end and children(srv.proc.pid):
        time.sleep(0.02)
    assert not children(srv.proc.pid), srv.log()


def test_exec_no_pidfd_exit_status(wsinetd, nopidfd):
    srv = wsinetd.socket_activate("exec:/bin/sh", "-c", "echo ready; read x; exit 3",
                                  launcher_args=nopidfd)
    c = open_ws(srv)
    peer = c.local
    assert c.read_message() == (OP_BIN, b"ready\n")
    pid = wait_child(srv.proc.pid)
    assert not has_pidfd(pid), "wsinetd holds a pidfd: the fallback did not run"
    c.send(frame(OP_BIN, b"go\n"))
    data, code = c.read_until_close()
    assert code == 1011
    c.close()
    wait_log_line(srv, peer, "exec /bin/sh: exited with status 3")
    no_children_within(srv, 5)


def test_exec_no_pidfd_client_leaves(wsinetd, nopidfd):
    srv = wsinetd.socket_activate("-v", "--exec-term-ms", 300, "exec:/bin/sh", "-c",
                                  "echo $$; exec sleep 60", launcher_args=nopidfd)
    c = open_ws(srv)
    peer = c.local
    op, payload = c.read_message()
    program = int(payload)
    t0 = time.monotonic()
    c.close()
    end = t0 + 5
    while time.monotonic() < end and proc_stat(program) is not None:
        time.sleep(0.02)
    took = time.monotonic() - t0
    assert proc_stat(program) is None, "the program outlived its client"
    assert 0.25 <= took < 3, took
    wait_log_line(srv, peer, "exec /bin/sh: killed by signal 15 (SIGTERM)")
    no_children_within(srv, 5)
