"""A subprotocol is chosen only among the client's own spellings: browsers
compare the answer case-sensitively with what they offered."""

from helpers import open_ws, refused, upgrade_request


def test_subprotocol_spelling(wsinetd):
    srv = wsinetd.socket_activate("echo")
    refused(srv, upgrade_request(extra=[("Sec-WebSocket-Protocol", "Binary")]), 400)
    c = open_ws(srv, extra=[("Sec-WebSocket-Protocol", "Binary, binary")])
    assert c.response.header("Sec-WebSocket-Protocol") == "binary"
    c.close()
