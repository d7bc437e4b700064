"""Sec-WebSocket-Version: 12 gets 426 with `Sec-WebSocket-Version: 13`
(RFC 6455 §4.2.2) and a log line naming the peer."""

from helpers import refused, upgrade_request


def test_status_426_version_12(wsinetd):
    srv = wsinetd.socket_activate("echo")
    r = refused(srv, upgrade_request(version="12"), 426)
    assert r.header("sec-websocket-version") == "13", r
