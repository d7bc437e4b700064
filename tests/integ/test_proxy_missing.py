"""--proxy-protocol and a client that sends its request without a header
(someone who reached the port directly): the connection is closed without
an answer, and the log says why, naming the connection's own peer."""

from helpers import RawClient, upgrade_request, wait_log_line


def test_proxy_missing(wsinetd):
    srv = wsinetd.socket_activate("--proxy-protocol", "echo")
    c = RawClient.connect(srv.host, srv.port)
    peer = c.local
    c.send(upgrade_request())
    assert c.read_to_eof() == b""
    c.close()
    line = wait_log_line(srv, peer, "PROXY protocol: no PROXY header; closed")
    assert "v1 or v2 header" in line, line
