"""A plain GET (no Upgrade) on a WebSocket route gets 426.

RFC 7231 §6.5.15: a 426 response MUST carry an Upgrade header naming the
protocol to switch to.
"""

from helpers import refused


def test_status_426_plain_get(wsinetd):
    srv = wsinetd.socket_activate("echo")
    r = refused(srv, b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n", 426)
    assert (r.header("upgrade") or "").lower() == "websocket", r
