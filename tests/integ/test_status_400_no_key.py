"""An upgrade without Sec-WebSocket-Key gets 400 (RFC 6455 §4.2.1 item 5)."""

from helpers import refused, upgrade_request


def test_status_400_no_key(wsinetd):
    srv = wsinetd.socket_activate("echo")
    refused(srv, upgrade_request(omit=["Sec-WebSocket-Key"]), 400)
