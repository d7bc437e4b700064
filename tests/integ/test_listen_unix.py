"""--listen unix:PATH and unix:@NAME.  A WebSocket over the unix socket
echoes and is logged with peer "unix".  A stale socket file (nothing
accepts on it: its server died) is replaced with a log line; a live one,
or a file that is not a socket, ends start-up with exit 1 and is left as
it was; at a clean stop (SIGTERM) the file wsinetd made is removed."""

import os
import signal
import socket
import stat
import subprocess

from harness import ROOT_ARGS, Server
from helpers import RawClient, close_frame, expect_accept, wait_log_line


def unix_ws(address):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(10)
    s.connect(address)
    c = RawClient(s)
    expect_accept(c.handshake())
    c.send(b"\x81\x84\x00\x00\x00\x00ping")
    assert c.read_frame() == (True, 1, b"ping")
    c.send(close_frame(1000))
    assert c.read_until_close()[1] == 1000
    c.read_to_eof()
    c.close()


def start(wsinetd, spec):
    argv = [wsinetd.bin, *ROOT_ARGS, "--listen", spec, "echo"]
    srv = Server(argv, wsinetd.env, wsinetd._logpath(), None, None, "listening on")
    wsinetd.servers.append(srv)
    return srv


def test_listen_unix(wsinetd, tmp_path):
    path = str(tmp_path / "ws.sock")
    # A stale file: bound, then its owner gone without removing it.
    dead = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    dead.bind(path)
    dead.close()
    srv = start(wsinetd, "unix:" + path)
    srv.wait_log("removed the stale socket file %s (nothing accepted on it)" % path)
    assert stat.S_ISSOCK(os.lstat(path).st_mode)
    unix_ws(path)
    wait_log_line(srv, "Z unix \"GET /\" 101 ")

    # While it runs, a second one refuses the live socket.
    r = wsinetd.run("--listen", "unix:" + path, "echo", stdin=subprocess.DEVNULL)
    assert r.returncode == 1
    assert ("another process is listening on %s" % path).encode() in r.stderr

    os.kill(srv.proc.pid, signal.SIGTERM)
    assert srv.proc.wait(10) == 0
    assert not os.path.exists(path), "the socket file was left behind"

    # Not a socket: left alone.
    with open(path, "w") as f:
        f.write("data")
    r = wsinetd.run("--listen", "unix:" + path, "echo", stdin=subprocess.DEVNULL)
    assert r.returncode == 1
    assert ("%s exists and is not a socket; not replacing it" % path).encode() in r.stderr
    assert open(path).read() == "data"

    # The abstract namespace: no file at all.
    name = "wsinetd-test-%d" % os.getpid()
    srv2 = start(wsinetd, "unix:@" + name)
    unix_ws("\0" + name)
    wait_log_line(srv2, "Z unix \"GET /\" 101 ")
