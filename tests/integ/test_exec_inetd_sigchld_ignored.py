"""exec: in inetd mode, started with SIGCHLD ignored (which a launcher may
pass on through exec) and with stderr being the connection itself, as
inetd does: the program's exit status still decides the close code, and
its stderr never reaches the client."""

import signal
import socket
import subprocess

from harness import ROOT_ARGS
from helpers import RawClient, close_frame, expect_accept


def test_exec_inetd_sigchld_ignored(wsinetd):
    ours, theirs = socket.socketpair()
    p = subprocess.Popen(
        [wsinetd.bin, *ROOT_ARGS, "-q", "exec:/bin/sh", "-c", "echo out; echo err >&2; exit 3"],
        stdin=theirs.fileno(), stdout=theirs.fileno(), stderr=theirs.fileno(),
        env=wsinetd.env, preexec_fn=lambda: signal.signal(signal.SIGCHLD, signal.SIG_IGN))
    theirs.close()
    try:
        c = RawClient(ours, timeout=10)
        expect_accept(c.handshake())
        assert c.read_until_close() == (b"out\n", 1011)
        c.send(close_frame(1011))
        assert c.read_to_eof() == b""
        ours.close()                # ends wsinetd's lingering close at once
        assert p.wait(10) == 1
    finally:
        ours.close()
        if p.poll() is None:
            p.kill()
            p.wait()
