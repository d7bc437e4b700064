"""--subprotocol chat: a client offering no `chat` token is refused with 400.

`foo` is plainly unknown; `superchat` and `chatty` contain "chat" but are
other tokens (RFC 6455 §4.2.2: the server selects one of the offered values).
"""

import pytest

from helpers import refused, upgrade_request


@pytest.mark.parametrize("offer", ["foo", "superchat", "chatty, foo"])
def test_subprotocol_refused(wsinetd, offer):
    srv = wsinetd.socket_activate("--subprotocol", "chat", "echo")
    r = refused(srv, upgrade_request(extra=[("Sec-WebSocket-Protocol", offer)]), 400)
    assert r.header("sec-websocket-protocol") is None, r
