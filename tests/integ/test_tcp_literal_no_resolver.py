"""A tcp: target given as an address literal is connected to directly
(issue 16): no getaddrinfo(), whose AI_ADDRCONFIG opens a netlink socket
and reads the interface list on every connection, and no resolver files.
A name (localhost) still goes through the resolver and works.

Run in inetd mode on a socketpair under strace; each case echoes one
message through a real TCP echo backend on 127.0.0.1 or ::1.
"""

import shutil
import socket
import subprocess

import pytest

from helpers import (OP_BIN, Backend, RawClient, close_frame, echo_handler,
                     expect_accept, frame, traced_env)
from harness import ROOT_ARGS


def run_traced(wsinetd, tmp_path, target):
    strace = shutil.which("strace")
    assert strace, "strace is installed by tests/deps.sh"
    trace = tmp_path / "trace"
    ours, theirs = socket.socketpair()
    p = subprocess.Popen([strace, "-f", "-qq", "-e", "trace=socket,connect,openat",
                          "-o", str(trace), wsinetd.bin, *ROOT_ARGS, "--no-seccomp", target],
                         stdin=theirs.fileno(), stdout=theirs.fileno(),
                         stderr=subprocess.PIPE, env=traced_env(wsinetd.env))
    theirs.close()
    try:
        c = RawClient(ours, timeout=20)
        expect_accept(c.handshake())
        c.send(frame(OP_BIN, b"\x00literal\xff"))
        assert c.read_message() == (OP_BIN, b"\x00literal\xff")
        c.send(close_frame(1000))
        assert c.read_until_close()[1] == 1000
        c.close()
        assert p.wait(20) == 0, p.stderr.read()
    finally:
        if p.poll() is None:
            p.kill()
            p.wait(5)
    return trace.read_text()


@pytest.mark.parametrize("host", ["127.0.0.1", "::1"])
def test_literal_skips_the_resolver(wsinetd, tmp_path, host):
    b = Backend(echo_handler, host=host)
    try:
        text = run_traced(wsinetd, tmp_path, b.target)
    finally:
        b.close()
    assert "AF_NETLINK" not in text, text
    assert "nsswitch.conf" not in text and "/etc/hosts" not in text, text
    fam = "AF_INET6" if ":" in host else "AF_INET"
    assert "socket(%s, SOCK_STREAM" % fam in text, text


def test_name_still_resolves(wsinetd, tmp_path):
    b = Backend(echo_handler)
    try:
        text = run_traced(wsinetd, tmp_path, "tcp:localhost:%d" % b.port)
    finally:
        b.close()
    assert "/etc/hosts" in text, text
