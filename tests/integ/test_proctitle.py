"""The process title of each handler says who is connected to what (issue
17 item 14): /proc/PID/cmdline, which ps and systemctl status show, reads
"wsinetd: PEER -> TARGET" while the WebSocket is open.  The title is
written over the old argument and environment area after both were copied
away, so the handler's configuration and its exec: program's arguments
and environment are intact."""

import subprocess

from helpers import (OP_TEXT, echo_handler, RawClient, answer_close, expect_accept, frame, wait_child)
from harness import wait_for


def cmdline(pid):
    return open("/proc/%d/cmdline" % pid, "rb").read().rstrip(b"\0").decode()


def test_proctitle_peer_and_target(wsinetd, backend):
    b = backend(echo_handler)
    srv = wsinetd.socket_activate(b.target)
    c = RawClient.connect(srv.host, srv.port)
    expect_accept(c.handshake())
    c.send(frame(OP_TEXT, b"x"))
    assert c.read_message()[1] == b"x"
    pid = wait_child(srv.proc.pid)
    want = "wsinetd: %s -> %s" % (c.local, b.target)
    wait_for(lambda: cmdline(pid) == want, what="title %r, have %r" % (want, cmdline(pid)))
    ps = subprocess.run(["ps", "-o", "args=", "-p", str(pid)], capture_output=True, text=True)
    assert ps.stdout.strip() == want, ps
    answer_close(c, 1000)


def test_proctitle_exec_args_intact(wsinetd):
    # A short command line: the title needs the environment's space too.
    srv = wsinetd.socket_activate("--text", "exec:/bin/sh", "-c",
                                  'read l; echo "$l $0 $1 ${LANG:-nolang}"', "zero", "one",
                                  extra_env={"LANG": "C.UTF-8"})
    c = RawClient.connect(srv.host, srv.port)
    expect_accept(c.handshake())
    pid = wait_child(srv.proc.pid)
    c.send(frame(OP_TEXT, b"line"))
    assert c.read_message() == (OP_TEXT, b"line zero one nolang")
    assert cmdline(pid).startswith("wsinetd: %s -> exec:/bin/sh" % c.local), cmdline(pid)
    answer_close(c, 1000)
