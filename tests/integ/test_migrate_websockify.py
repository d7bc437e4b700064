"""The README's websockify migration table, run as printed (issue 17
item 7): for each row, Debian's websockify with the row's command line,
then the row's `wsinetd --listen` line, then its wsinetd@.service
ExecStart= line under systemd-socket-activate --accept as nobody (the
unit's DynamicUser=), each in the test's own network namespace on the
row's port, with a real client (python3-websockets, http.client) that
must see the same thing from all three: the noVNC page, the VNC bytes
echoed, the desktop a token names, wss:// and no plain ws://, a unix
socket backend.

A row added to the table without a check here fails: add it to CHECKS.
"""

import os
import shutil
import ssl

import pytest

from docrun import (EchoServer, Workdir, http_get, mount_wrap, private_net, readme_table,
                    words, ws_talk)
from front import make_pki

ROWS = {r[0]: r for r in readme_table("migrate-websockify")}
NOVNC = "/usr/share/novnc"


def novnc_check(port, ctx=None):
    st, body = http_get(port, "/vnc.html")
    assert st == 200 and body == open(NOVNC + "/vnc.html", "rb").read(), st
    got, proto = ws_talk("ws://127.0.0.1:%d/websockify" % port, [b"RFB 003.008\n"],
                         subprotocols=["binary"])
    assert got == [b"RFB 003.008\n"] and proto == "binary", (got, proto)


def token_check(port, ctx=None):
    got, _ = ws_talk("ws://127.0.0.1:%d/websockify?token=alice" % port, [b"to alice"],
                     subprotocols=["binary"])
    assert got == [b"to alice"], got


def tls_check(port, ctx):
    got, _ = ws_talk("wss://localhost:%d/" % port, [b"secret"], ssl=ctx,
                     subprotocols=["binary"])
    assert got == [b"secret"], got
    with pytest.raises(Exception):          # plain ws:// gets no WebSocket
        ws_talk("ws://127.0.0.1:%d/" % port, [b"plain"], timeout=5)


def unix_check(port, ctx=None):
    got, _ = ws_talk("ws://127.0.0.1:%d/" % port, [b"over unix"], subprotocols=["binary"])
    assert got == [b"over unix"], got


CHECKS = {
    "noVNC and VNC on one port": (6080, novnc_check),
    "one port, a desktop per token": (6080, token_check),
    "wss:// only": (6443, tls_check),
    "a unix socket backend": (6080, unix_check),
}


def test_every_row_has_a_check():
    assert set(ROWS) == set(CHECKS), (
        "README.md's websockify table and CHECKS in %s differ: %s; give each new row a "
        "client check here" % (__file__, sorted(set(ROWS) ^ set(CHECKS))))


@pytest.mark.parametrize("what", sorted(CHECKS))
def test_migrate_websockify(wsinetd, tmp_path, what):
    assert shutil.which("websockify"), "websockify is not installed (tests/deps.sh)"
    _, theirs, ours, unit = ROWS[what]
    port, check = CHECKS[what]
    w = Workdir(wsinetd)
    backends = []
    ctx = None
    try:
        with private_net():
            os.symlink(NOVNC, w.path / "novnc")
            w.file("tokens", "alice: 127.0.0.1:5901\n")
            backends += [EchoServer(5900), EchoServer(5901), EchoServer(path=w.path / "vnc.sock")]
            ca, crt, key = make_pki(tmp_path)
            shutil.copy(crt, w.path / "tls.crt")
            shutil.copy(key, w.path / "tls.key")
            os.chmod(w.path / "tls.key", 0o644)
            ctx = ssl.create_default_context(cafile=str(ca))
            creds = w.path / "creds"
            creds.mkdir(mode=0o755)
            shutil.copy(crt, creds / "tls.crt")
            shutil.copy(key, creds / "tls.key")
            os.chmod(creds / "tls.key", 0o644)
            # websockify, as printed
            p = w.start(words(theirs), port, "websockify")
            check(port, ctx)
            p.stop()
            # the same with wsinetd --listen, as printed
            p = w.start(words(ours), port, "wsinetd-listen")
            check(port, ctx)
            p.stop()
            # the unit's ExecStart= line, as a socket unit runs it
            rundir = w.path / "run-vnc"
            rundir.mkdir(mode=0o755)
            backends.append(EchoServer(path=rundir / "vnc.sock"))
            etc = w.path / "etc-wsinetd"
            etc.mkdir(mode=0o755)
            shutil.copy(w.path / "tokens", etc / "tokens")
            wrap = mount_wrap(w.path, {"/etc/wsinetd": etc, "/run/vnc": rundir})
            p = w.handler(words(unit), port, "wsinetd-unit", wrap=wrap,
                          env={"CREDENTIALS_DIRECTORY": str(creds)})
            check(port, ctx)
            p.stop()
    finally:
        print(w.logs())         # shown by pytest on failure, or with -s
        for b in backends:
            b.close()
        w.close()
