"""An upgrade over HTTP/1.0 gets 400 (RFC 6455 §4.2.1 item 1: HTTP/1.1 or higher)."""

from helpers import refused, upgrade_request


def test_status_400_http10(wsinetd):
    srv = wsinetd.socket_activate("echo")
    refused(srv, upgrade_request(proto="HTTP/1.0"), 400)
