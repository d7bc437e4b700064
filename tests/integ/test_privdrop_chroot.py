"""--user nobody --chroot DIR: the handler's root directory is DIR (its
/proc/PID/root link) and a tcp: backend is still reached, since the socket
is opened after the chroot by address, not by path.  The handler must
also end after the close: LeakSanitizer's exit-time check needs /proc,
which the jail lacks, and without it the ASan build spun in sched_yield()
for ever (orphaned handlers piled up from every run), so that build runs
with leak checking off here."""

import os
import time

from helpers import (Backend, OP_BIN, RawClient, answer_close, echo_handler,
                     expect_accept, frame, wait_child)


def test_privdrop_chroot(wsinetd, tmp_path):
    assert os.geteuid() == 0, "this case needs the suite's root"
    jail = tmp_path / "jail"
    jail.mkdir()
    b = Backend(echo_handler)
    try:
        env = None
        if wsinetd.variant == "asan":
            env = {"ASAN_OPTIONS": wsinetd.env["ASAN_OPTIONS"].replace(
                "detect_leaks=1", "detect_leaks=0")}
        srv = wsinetd.socket_activate("--user", "nobody", "--chroot", jail, b.target,
                                      allow_root=False, extra_env=env)
        c = RawClient.connect(srv.host, srv.port)
        expect_accept(c.handshake())
        c.send(frame(OP_BIN, b"jailed"))
        assert c.read_message() == (OP_BIN, b"jailed")
        pid = wait_child(srv.proc.pid)
        assert os.readlink("/proc/%d/root" % pid) == str(jail)
        answer_close(c, 1000)
        end = time.monotonic() + 10
        while os.path.exists("/proc/%d" % pid) and time.monotonic() < end:
            time.sleep(0.05)
        stat = open("/proc/%d/stat" % pid).read() if os.path.exists("/proc/%d" % pid) else ""
        assert not stat or ") Z " in stat, "the handler did not end: " + stat
    finally:
        b.close()
