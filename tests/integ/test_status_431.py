"""Request headers over 8 KiB get 431."""

from helpers import refused, upgrade_request


def test_status_431(wsinetd):
    srv = wsinetd.socket_activate("echo")
    refused(srv, upgrade_request(extra=[("X-Pad", "a" * 9000)]), 431)
