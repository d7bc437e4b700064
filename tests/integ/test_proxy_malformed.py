"""Malformed PROXY headers are refused cleanly: closed without an answer,
one log line with the reason.  v1 with a bad port, v1 with a v6 address
under TCP4, v1 without CRLF within 107 bytes, v2 with a bad version, v2
for UDP, and a header cut short by the client closing."""

import socket

from helpers import PROXY_V2_SIG, RawClient, upgrade_request, wait_log_line

CASES = [
    (b"PROXY TCP4 192.0.2.1 127.0.0.1 65536 80\r\n", "v1 port is not 0-65535"),
    (b"PROXY TCP4 2001:db8::1 127.0.0.1 1 80\r\n", "v1 address does not match"),
    (b"PROXY TCP4 " + b"1" * 120, "v1 line longer than 107 bytes"),
    (PROXY_V2_SIG + b"\x11\x11\x00\x0c" + b"\0" * 12, "v2 version is not 2"),
    (PROXY_V2_SIG + b"\x21\x12\x00\x0c" + b"\0" * 12, "v2 header for a datagram"),
]


def test_proxy_malformed(wsinetd):
    srv = wsinetd.socket_activate("--proxy-protocol", "echo")
    for hdr, why in CASES:
        c = RawClient.connect(srv.host, srv.port)
        peer = c.local
        c.send(hdr + upgrade_request())
        assert c.read_to_eof() == b"", why
        c.close()
        wait_log_line(srv, peer, "PROXY protocol: " + why)
    c = RawClient.connect(srv.host, srv.port)
    peer = c.local
    c.send(PROXY_V2_SIG[:10])
    c.sock.shutdown(socket.SHUT_WR)
    assert c.read_to_eof() == b""
    wait_log_line(srv, peer, "PROXY protocol: the connection closed inside the header")
