"""--user nobody --chroot DIR: the handler's root directory is DIR (its
/proc/PID/root link) and a tcp: backend is still reached, since the socket
is opened after the chroot by address, not by path."""

import os

from helpers import (Backend, OP_BIN, RawClient, answer_close, echo_handler,
                     expect_accept, frame, wait_child)


def test_privdrop_chroot(wsinetd, tmp_path):
    assert os.geteuid() == 0, "this case needs the suite's root"
    jail = tmp_path / "jail"
    jail.mkdir()
    b = Backend(echo_handler)
    try:
        srv = wsinetd.socket_activate("--user", "nobody", "--chroot", jail, b.target,
                                      allow_root=False)
        c = RawClient.connect(srv.host, srv.port)
        expect_accept(c.handshake())
        c.send(frame(OP_BIN, b"jailed"))
        assert c.read_message() == (OP_BIN, b"jailed")
        pid = wait_child(srv.proc.pid)
        assert os.readlink("/proc/%d/root" % pid) == str(jail)
        answer_close(c, 1000)
    finally:
        b.close()
