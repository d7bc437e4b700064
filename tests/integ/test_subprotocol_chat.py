"""--subprotocol chat: a client offering `superchat, chat` gets `chat`
(an exact token match, not a substring)."""

from helpers import RawClient, expect_accept


def test_subprotocol_chat(wsinetd):
    srv = wsinetd.socket_activate("--subprotocol", "chat", "echo")
    c = RawClient.connect(srv.host, srv.port)
    r = c.handshake(extra=[("Sec-WebSocket-Protocol", "superchat, chat")])
    expect_accept(r)
    assert r.header("sec-websocket-protocol") == "chat", r
    c.close()
