"""exec: a program that cannot be executed gets the client 502, not a 101
and then a close: execve()'s failure comes back before the answer, and the
log line names the program and the error."""

import pytest

from helpers import RawClient, upgrade_request, wait_log_line


@pytest.mark.parametrize("prog,err", [
    ("/nonexistent", "No such file or directory"),
    ("no-such-program-on-path", "No such file or directory"),
    ("/etc/passwd", "Permission denied"),
])
def test_exec_cannot_run_is_502(wsinetd, prog, err):
    srv = wsinetd.socket_activate("exec:" + prog)
    c = RawClient.connect(srv.host, srv.port)
    peer = c.local
    c.send(upgrade_request())
    r = c.read_response()
    assert r.status == 502, r
    c.read_to_eof()
    c.close()
    wait_log_line(srv, peer, "exec %s: %s, answered 502" % (prog, err))
    access = wait_log_line(srv, peer, '"GET /" ')
    assert '"GET /" 502 target=' in access, access     # never a 101 first
