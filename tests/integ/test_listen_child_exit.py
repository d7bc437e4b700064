"""A resident parent's children end with _exit after their access line,
so no library destructor runs in them (with GnuTLS preloaded in the
parent, its destructor cost every child 77 copied pages).  An LD_PRELOAD
probe (probe/dtor_probe.c) records each process whose destructors ran:
none of the handlers, pre-forked or forked per connection, and the parent
itself at its exit() after SIGTERM (so the probe works).  --no-seccomp:
the probe's open() is not in the relay filter."""

import os
import re
import signal
import subprocess
from pathlib import Path

import pytest

from harness import wait_for
from helpers import echo_session


@pytest.mark.parametrize("prefork", ["0", "2"])
def test_listen_child_exit(wsinetd, tmp_path, prefork):
    so = tmp_path / "dtor_probe.so"
    src = Path(__file__).parent / "probe" / "dtor_probe.c"
    subprocess.run(["cc", "-shared", "-fPIC", "-O1", "-o", str(so), str(src)], check=True)
    ran = tmp_path / "ran"
    env = {"LD_PRELOAD": str(so), "DTOR_PROBE_FILE": str(ran),
           "ASAN_OPTIONS": wsinetd.env["ASAN_OPTIONS"] + ":verify_asan_link_order=0"}
    srv = wsinetd.listen("--prefork", prefork, "--no-seccomp", "echo", extra_env=env)
    for i in range(3):
        echo_session(srv.url, [("text", "message %d" % i)])
    wait_for(lambda: srv.log().count('"GET /" 101') == 3, what="3 access lines")
    handlers = {int(p) for p in re.findall(r'wsinetd\[(\d+)\]: \S+Z \S+ "GET /" 101', srv.log())}
    assert len(handlers) == 3 and srv.proc.pid not in handlers
    os.kill(srv.proc.pid, signal.SIGTERM)
    assert srv.proc.wait(10) == 0
    pids = {int(p) for p in ran.read_text().split()}
    assert srv.proc.pid in pids, "the probe did not run in the parent's exit()"
    assert not pids & handlers, "destructors ran in handlers %r" % (pids & handlers)
