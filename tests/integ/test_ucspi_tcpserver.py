"""Under tcpserver (Debian's ucspi-tcp), as the README and the man page
show it: `tcpserver -v -H -R 127.0.0.1 PORT wsinetd --user nobody echo`.
tcpserver hands over the socket itself, so wsinetd takes it as from
inetd: the echo works, the access line names the client (bound to
127.0.0.2), and an exec: program sees the same REMOTE_ADDR."""

from helpers import (OP_TEXT, answer_close, close_frame, connect_from, expect_accept, frame,
                     wait_log_line)
from ucspi_helpers import tcpserver


def test_ucspi_tcpserver(wsinetd):
    srv = tcpserver(wsinetd, "--user", "nobody", "echo", allow_root=False)
    c = connect_from("127.0.0.1", srv.port, "127.0.0.2")
    me = c.local
    expect_accept(c.handshake())
    c.send(frame(OP_TEXT, "under tcpserver"))
    assert c.read_message() == (OP_TEXT, b"under tcpserver")
    answer_close(c, 1000)
    line = wait_log_line(srv, '"GET /" 101 target=echo', "close=1000")
    assert line.split("]: ", 1)[1].startswith(me + " "), line
    wait_log_line(srv, "tcpserver: end ")

    env = tcpserver(wsinetd, "--user", "nobody", "exec:/usr/bin/env", "-0",
                    allow_root=False)
    c = connect_from("127.0.0.1", env.port, "127.0.0.2")
    me = c.local
    expect_accept(c.handshake())
    data, code = c.read_until_close()
    c.send(close_frame(1000))
    c.read_to_eof()
    got = dict(kv.decode().split("=", 1) for kv in data.split(b"\0") if kv)
    assert got["REMOTE_ADDR"] == "127.0.0.2" and got["REMOTE_PORT"] == me.split(":")[1], got
