"""SIGHUP, SIGUSR1, SIGUSR2 and SIGALRM to the resident parent do not kill
it: each is logged as ignored (SIGHUP with what to do instead), the open
connection and new ones go on, and SIGTERM afterwards is the usual graceful
stop that removes the unix: socket file.  Before, any of them ended the
parent at once with no line, the handler left unsupervised and the socket
file behind (found by a black-box attack)."""

import os
import signal
import socket
import time

from harness import ROOT_ARGS, Server
from helpers import RawClient, close_frame, expect_accept, wait_log_line

SIGNALS = (signal.SIGHUP, signal.SIGUSR1, signal.SIGUSR2, signal.SIGALRM)


def echo_once(path, text):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(10)
    s.connect(path)
    c = RawClient(s)
    expect_accept(c.handshake())
    c.send(b"\x81" + bytes([0x80 | len(text)]) + b"\x00\x00\x00\x00" + text)
    assert c.read_frame() == (True, 1, text)
    return c


def test_listen_other_signals(wsinetd, tmp_path):
    path = str(tmp_path / "ws.sock")
    argv = [wsinetd.bin, *ROOT_ARGS, "--listen", "unix:" + path, "--prefork", "2", "echo"]
    srv = Server(argv, wsinetd.env, wsinetd._logpath(), None, None, "listening on")
    wsinetd.servers.append(srv)
    held = echo_once(path, b"before")
    for sig in SIGNALS:
        os.kill(srv.proc.pid, sig)
        time.sleep(0.1)
        assert srv.proc.poll() is None, "signal %d ended the parent:\n%s" % (sig, srv.log())
    wait_log_line(srv, "SIGHUP from pid %d ignored" % os.getpid(), "restart wsinetd")
    for sig in SIGNALS[1:]:
        wait_log_line(srv, "signal %d (" % sig, "ignored: only SIGTERM and SIGINT stop")
    held.send(b"\x81\x85\x00\x00\x00\x00after")
    assert held.read_frame() == (True, 1, b"after")
    echo_once(path, b"new").close()
    held.send(close_frame(1000))
    assert held.read_until_close()[1] == 1000
    held.read_to_eof()
    held.close()
    os.kill(srv.proc.pid, signal.SIGTERM)
    assert srv.proc.wait(10) == 0, srv.log()
    assert not os.path.exists(path)
