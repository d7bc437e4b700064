"""Under tcpserver (Debian's ucspi-tcp), as the README and the man page
show it: `tcpserver -v -H -R 127.0.0.1 PORT wsinetd --user nobody echo`.
tcpserver hands over the socket itself, so wsinetd takes it as from
inetd: the echo works, the access line names the client (bound to
127.0.0.2), and an exec: program sees the same REMOTE_ADDR."""

from helpers import close_frame, wait_log_line
from ucspi_helpers import echo_once, tcpserver, ws_from


def test_ucspi_tcpserver(wsinetd):
    srv = tcpserver(wsinetd, "--user", "nobody", "echo", allow_root=False)
    assert " target=echo " in echo_once(srv, "under tcpserver")
    wait_log_line(srv, "tcpserver: end ")

    env = tcpserver(wsinetd, "--user", "nobody", "exec:/usr/bin/env", "-0",
                    allow_root=False)
    c = ws_from(env)
    me = c.local
    data, code = c.read_until_close()
    c.send(close_frame(1000))
    c.read_to_eof()
    got = dict(kv.decode().split("=", 1) for kv in data.split(b"\0") if kv)
    assert got["REMOTE_ADDR"] == "127.0.0.2" and got["REMOTE_PORT"] == me.split(":")[1], got
