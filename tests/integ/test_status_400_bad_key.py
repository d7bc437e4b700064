"""A Sec-WebSocket-Key that does not decode to 16 bytes gets 400.

"c2hvcnQ=" is base64 of "short" (5 bytes); RFC 6455 §4.2.1 item 5 wants a
16-byte nonce.
"""

from helpers import refused, upgrade_request


def test_status_400_bad_key(wsinetd):
    srv = wsinetd.socket_activate("echo")
    refused(srv, upgrade_request(key="c2hvcnQ="), 400)
