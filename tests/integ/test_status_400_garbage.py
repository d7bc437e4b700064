"""A request line that is not HTTP gets 400 and a log line naming the peer."""

from helpers import refused


def test_status_400_garbage(wsinetd):
    srv = wsinetd.socket_activate("echo")
    refused(srv, b"}{ this is not http \x01\x02\r\n\r\n", 400)
