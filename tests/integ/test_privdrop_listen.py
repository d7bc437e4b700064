"""--listen (and Accept=no alike) with --user nobody: the parent that binds
stays root (it never reads a client byte), and so do the pre-forked
children waiting in accept(); the one with a connection has dropped to
nobody before it parsed anything."""

import os
import pwd

from harness import children
from helpers import RawClient, answer_close, expect_accept, wait_handler, waiting_in_accept


def uid_of(pid):
    for ln in open("/proc/%d/status" % pid).read().splitlines():
        if ln.startswith("Uid:"):
            return [int(x) for x in ln.split()[1:]]
    raise AssertionError("no Uid line")


def test_privdrop_listen(wsinetd):
    assert os.geteuid() == 0, "this case needs the suite's root"
    nobody = pwd.getpwnam("nobody").pw_uid
    srv = wsinetd.listen("--user", "nobody", "echo")
    c = RawClient.connect(srv.host, srv.port)
    expect_accept(c.handshake())
    assert uid_of(srv.proc.pid) == [0, 0, 0, 0]
    handler = wait_handler(srv.proc.pid)
    assert uid_of(handler) == [nobody] * 4
    idle = [p for p in children(srv.proc.pid) if p != handler]
    assert idle and all(waiting_in_accept(p) for p in idle), idle
    assert all(uid_of(p) == [0, 0, 0, 0] for p in idle)
    answer_close(c, 1000)
