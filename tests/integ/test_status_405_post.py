"""An upgrade with POST gets 405 with `Allow: GET`."""

from helpers import refused, upgrade_request


def test_status_405_post(wsinetd):
    srv = wsinetd.socket_activate("echo")
    r = refused(srv, upgrade_request(method="POST", extra=[("Content-Length", "0")]), 405)
    assert r.header("allow") is not None and "GET" in r.header("allow"), r
