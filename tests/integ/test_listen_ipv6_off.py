"""--listen :PORT where IPv6 is off (socket(AF_INET6) fails with
EAFNOSUPPORT, as with ipv6.disable=1; a seccomp wrapper, tools/sysfail.c,
does that here): wsinetd listens on every IPv4 address instead, says so,
and serves."""

import errno
import socket

from helpers import build_tool, echo_session


def test_listen_ipv6_off(wsinetd, tmp_path_factory):
    noipv6 = (build_tool(tmp_path_factory, "sysfail"), "socket=%d" % socket.AF_INET6,
              str(errno.EAFNOSUPPORT))
    srv = wsinetd.listen("echo", spec=":%d", wrapper=noipv6)
    srv.wait_log("listening on :%d (every IPv4 address: IPv6 is off here)" % srv.port)
    echo_session("ws://127.0.0.1:%d/" % srv.port, [("binary", b"IPv4 only")])
