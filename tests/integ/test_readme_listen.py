"""The README's "Without a launcher" commands, run exactly as printed (from
the repository root, as root, so --user nobody applies): each binds what it
says, and a WebSocket upgrade through it is answered (101 from echo; for a
tcp: target 101 if something listens on 5900, else 502).  SIGTERM stops
each with exit 0 and the unix: file removed."""

import os
import re
import shlex
import signal
import socket
import subprocess

from harness import ROOT, wait_for
from helpers import RawClient, upgrade_request


def readme_commands():
    text = (ROOT / "README.md").read_text()
    m = re.search(r"^### Without a launcher\n\n(?:<!-- example: listen -->\n)?```sh\n(.*?)```", text, re.M | re.S)
    assert m, "README has no 'Without a launcher' block"
    return [l for l in m.group(1).splitlines() if l.strip()]


def connect(spec):
    if spec.startswith("unix:"):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(10)
        s.connect(spec[5:])
        return RawClient(s)
    host, port = spec.rsplit(":", 1)
    return RawClient.connect(host or "127.0.0.1", int(port))


def test_readme_listen(tmp_path):
    assert os.geteuid() == 0, "the examples run as root with --user nobody"
    cmds = readme_commands()
    assert len(cmds) >= 3, cmds
    for i, cmd in enumerate(cmds):
        argv = shlex.split(cmd)
        spec = argv[argv.index("--listen") + 1]
        log = tmp_path / ("example%d.log" % i)
        with open(log, "wb") as f:
            p = subprocess.Popen(argv, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=f, stderr=f)
        try:
            wait_for(lambda: "listening on" in log.read_text() or p.poll() is not None,
                     what="%s to listen" % cmd)
            assert p.poll() is None, log.read_text()
            c = connect(spec)
            r = c.handshake(request=upgrade_request())
            assert r.status in (101, 502) if "tcp:" in cmd else r.status == 101, (cmd, r)
            c.close()
        finally:
            p.send_signal(signal.SIGTERM)
            rc = p.wait(15)
        assert rc == 0, (cmd, rc, log.read_text())
        if spec.startswith("unix:"):
            assert not os.path.exists(spec[5:])
