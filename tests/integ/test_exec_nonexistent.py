"""exec: a program that cannot be executed gets the client 502, not a 101
and then a close: execve()'s failure comes back before the answer, and the
log line names the program and says what is wrong in words a person can
act on: a name not on PATH is "not found in PATH", naming the PATH, not
"Permission denied" or ENOENT's text (issue 17 item 9)."""

import pytest

from helpers import RawClient, upgrade_request, wait_log_line


@pytest.mark.parametrize("prog,err", [
    ("/nonexistent", "no such file"),
    ("no-such-program-on-path", "not found in PATH (/usr/local/bin:/usr/bin:/bin; "
     "--passenv PATH passes wsinetd's own)"),
    ("/etc/passwd", "not executable (a regular file with an x bit is needed; a script "
     "also needs its #! line)"),
    ("/etc", "a directory, not a program"),
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
