"""Upgrade headers the way browsers really send them upgrade fine.

Firefox sends `Connection: keep-alive, Upgrade`; tokens and header names are
case-insensitive (RFC 7230 §3.2, RFC 6455 §4.2.1), so `Upgrade: WebSocket`
and lower-case names (as HTTP/2-minded proxies write them) must work too.
"""

from helpers import KEY, OP_TEXT, RawClient, expect_accept, frame


def test_browser_headers(wsinetd):
    srv = wsinetd.socket_activate("echo")
    req = ("GET /chat HTTP/1.1\r\nhost: localhost\r\nuser-agent: Mozilla/5.0\r\n"
           "connection: keep-alive, Upgrade\r\nupgrade: WebSocket\r\n"
           "sec-websocket-version: 13\r\nsec-websocket-key: %s\r\n"
           "origin: http://localhost\r\n\r\n" % KEY).encode()
    c = RawClient.connect(srv.host, srv.port)
    expect_accept(c.handshake(request=req))
    c.send(frame(OP_TEXT, "from a browser"))
    assert c.read_message() == (OP_TEXT, b"from a browser")
    c.close()
