"""Resident modes find at start what would fail every connection (issue 17
item 5): --listen and an Accept=no socket exit 78 with the reason, before
they bind or accept, instead of resetting each client.  The checks are
--check's (tests/integ/test_check_refuses.py)."""

import os
import socket
import subprocess
import time

import pytest

from harness import SSA, free_port
from helpers import log_message

BAD = {
    "user-nouser": (["--user", "nosuchuser17", "echo"], "--user nosuchuser17: no such user"),
    "exec-missing": (["--user", "nobody", "exec:nosuchprog17"],
                     "target: exec nosuchprog17: not found in PATH"),
    "cert-missing": (["--user", "nobody", "--tls-cert", "/nonexistent.crt", "--tls-key",
                      "/nonexistent.key", "echo"],
                     "TLS certificate /nonexistent.crt: No such file or directory"),
}


def refused(port):
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


@pytest.mark.parametrize("name", sorted(BAD))
def test_listen_exits_78(wsinetd, name):
    assert os.geteuid() == 0, "--user needs the suite's root"
    argv, msg = BAD[name]
    port = free_port()
    out = wsinetd.run("--listen", "127.0.0.1:%d" % port, *argv, allow_root=False, timeout=10)
    assert out.returncode == 78, out
    lines = out.stderr.decode().splitlines()
    assert len(lines) == 1 and log_message(lines[0]).startswith(msg), lines
    assert refused(port), "nothing may have been bound"


@pytest.mark.parametrize("name", sorted(BAD))
def test_accept_no_exits_78(wsinetd, name):
    argv, msg = BAD[name]
    port = free_port()
    p = subprocess.Popen([SSA, "-l", "127.0.0.1:%d" % port, *wsinetd.pass_env(), wsinetd.bin,
                          *argv], env=wsinetd.env, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    try:
        # systemd-socket-activate without --accept execs its program when
        # the first client arrives (as systemd does for Accept=no).
        c = None
        for _ in range(200):
            try:
                c = socket.create_connection(("127.0.0.1", port), timeout=5)
                break
            except ConnectionRefusedError:
                time.sleep(0.05)
        assert c is not None, "systemd-socket-activate never listened"
        out, err = p.communicate(timeout=10)
        c.close()
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
    assert p.returncode == 78, (p.returncode, err)
    ours = [ln for ln in err.decode().splitlines() if ln.startswith("wsinetd[")]
    assert len(ours) == 1 and log_message(ours[0]).startswith(msg), err
