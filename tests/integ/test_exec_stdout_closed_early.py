"""exec: a program that closes its stdout but goes on running is ended by
the grace periods (its stdin closed, then SIGTERM): the client gets Close
1011 only once it is reaped, and the log gives the signal."""

import time

from helpers import RawClient, close_frame, expect_accept, wait_log_line


def test_exec_stdout_closed_then_term(wsinetd):
    srv = wsinetd.socket_activate("--exec-term-ms", 400, "exec:/bin/sh", "-c",
                                  "echo last; exec >&-; sleep 60")
    c = RawClient.connect(srv.host, srv.port)
    peer = c.local
    expect_accept(c.handshake())
    t0 = time.monotonic()
    assert c.read_until_close() == (b"last\n", 1011)
    assert 0.35 < time.monotonic() - t0 < 3
    c.send(close_frame(1011))
    c.read_to_eof()
    c.close()
    wait_log_line(srv, peer, "exec /bin/sh: killed by signal 15 (SIGTERM)")
