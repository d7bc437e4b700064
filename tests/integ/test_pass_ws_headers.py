"""What a ws:// backend receives: the client's path and query, Host
rewritten to the URL's host:port, X-Forwarded-For appended to,
X-Forwarded-Proto http, X-Forwarded-Host the client's Host, and the
hop-by-hop headers gone (Connection and what it names, Keep-Alive, TE,
Proxy-Authorization) except the upgrade's Connection: Upgrade."""

from helpers import RawClient, expect_accept, frame, OP_TEXT, OP_CLOSE, close_frame
from pass_helpers import WsBackend


def test_pass_ws_headers(wsinetd):
    b = WsBackend()
    try:
        srv = wsinetd.socket_activate(b.url("ws"))
        c = RawClient.connect(srv.host, srv.port)
        resp = c.handshake(path="/a/b?x=1&y=%20z", host="front.example:8443",
                           omit=("Connection",),
                           extra=[("Connection", "keep-alive, Upgrade, X-Hop"),
                                  ("X-Hop", "must not pass"),
                                  ("Keep-Alive", "timeout=5"),
                                  ("TE", "trailers"),
                                  ("Proxy-Authorization", "Basic eDp5"),
                                  ("X-Forwarded-For", "192.0.2.1"),
                                  ("X-Forwarded-Proto", "https"),
                                  ("X-Custom", "kept")])
        expect_accept(resp)
        c.send(frame(OP_TEXT, "hello"))
        assert c.read_message() == (OP_TEXT, b"hello")
        c.send(close_frame(1000))
        assert c.read_message()[0] == OP_CLOSE
        c.close()

        assert len(b.requests) == 1, b.requests
        path, h = b.requests[0]
        assert path == "/a/b?x=1&y=%20z", path
        assert h["host"] == ["127.0.0.1:%d" % b.port], h
        assert h["x-forwarded-for"] == ["192.0.2.1, 127.0.0.1"], h
        assert h["x-forwarded-proto"] == ["http"], h
        assert h["x-forwarded-host"] == ["front.example:8443"], h
        assert h["connection"] == ["Upgrade"], h
        assert h["upgrade"] == ["websocket"], h
        assert h["x-custom"] == ["kept"], h
        for gone in ("x-hop", "keep-alive", "te", "proxy-authorization"):
            assert gone not in h, (gone, h)
    finally:
        b.close()
