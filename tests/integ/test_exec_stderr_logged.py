"""exec: the program's stderr goes to the log line by line as
"PEER: exec PROG: LINE" (control characters shown as '?', a line longer
than EXEC_LINE_MAX (512) in pieces, an unfinished last line at EOF), and never
to the client."""

from helpers import RawClient, close_frame, expect_accept, log_line, wait_log_line


def test_exec_stderr_lines_logged(wsinetd):
    script = ("echo first >&2; printf 'ctl\\033[31mred\\n' >&2; "
              "head -c 3000 /dev/zero | tr '\\0' L >&2; echo >&2; "
              "echo out; printf 'no newline' >&2")
    srv = wsinetd.socket_activate("exec:/bin/sh", "-c", script)
    c = RawClient.connect(srv.host, srv.port)
    peer = c.local
    expect_accept(c.handshake())
    assert c.read_until_close() == (b"out\n", 1000)
    c.send(close_frame(1000))
    c.read_to_eof()
    c.close()
    wait_log_line(srv, peer, " 101 ")
    log = srv.log()
    pre = "%s: exec /bin/sh: " % peer
    assert log_line(log, pre + "first")
    assert log_line(log, pre + "ctl?[31mred")
    assert log_line(log, pre + "no newline")
    pieces = [ln.split(pre, 1)[1] for ln in log.splitlines() if pre + "L" in ln]
    assert "".join(pieces) == "L" * 3000, [len(p) for p in pieces]
    assert [len(p) for p in pieces] == [512] * 5 + [440]     # EXEC_LINE_MAX
