"""A tcp: target whose port is closed gets 502 (connection refused)."""

from helpers import free_port, refused, upgrade_request


def test_status_502(wsinetd):
    port = free_port()     # bound then closed: nothing listens there
    srv = wsinetd.socket_activate("tcp:127.0.0.1:%d" % port)
    refused(srv, upgrade_request(), 502)
