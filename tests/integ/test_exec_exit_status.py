"""exec: the program's exit ends the WebSocket: status 0 with Close 1000,
a non-zero status or a signal with Close 1011 and a log line giving it."""

import pytest

from helpers import RawClient, close_frame, expect_accept, wait_log_line


def run(srv):
    c = RawClient.connect(srv.host, srv.port)
    peer = c.local
    expect_accept(c.handshake())
    data, code = c.read_until_close()
    c.send(close_frame(code or 1000))
    c.read_to_eof()
    c.close()
    return peer, data, code


def test_exec_status_0_closes_1000(wsinetd):
    srv = wsinetd.socket_activate("exec:/bin/sh", "-c", "echo bye; exit 0")
    peer, data, code = run(srv)
    assert (data, code) == (b"bye\n", 1000)
    wait_log_line(srv, peer, " 101 ", "close=1000")


@pytest.mark.parametrize("script,line", [
    ("echo bye; exit 3", "exec /bin/sh: exited with status 3"),
    ("echo bye; kill -9 $$", "exec /bin/sh: killed by signal 9 (SIGKILL)"),
])
def test_exec_failure_closes_1011(wsinetd, script, line):
    srv = wsinetd.socket_activate("exec:/bin/sh", "-c", script)
    peer, data, code = run(srv)
    assert (data, code) == (b"bye\n", 1011)
    wait_log_line(srv, peer, line)
    wait_log_line(srv, peer, " 101 ", "close=1011")
