"""--listen (and Accept=no alike) with --user nobody: the parent that binds
and accepts stays root (it never reads a client byte), each forked handler
drops to nobody before it parses anything."""

import os
import pwd

from helpers import RawClient, answer_close, expect_accept, wait_child


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
    assert uid_of(wait_child(srv.proc.pid)) == [nobody] * 4
    answer_close(c, 1000)
