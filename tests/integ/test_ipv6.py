"""IPv6: the adopted socket can be AF_INET6 ([::1]) and echo works."""

from helpers import echo_session, wait_log_line


def test_ipv6(wsinetd):
    srv = wsinetd.socket_activate("echo", host="::1")
    assert srv.url.startswith("ws://[::1]:")
    echo_session(srv.url, [("binary", b"over IPv6"), ("text", "v6 \u00e9\u4e2d")])
    wait_log_line(srv, "::1", " 101 ")
