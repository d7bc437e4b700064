"""A PROXY v1 line sent as raw bytes in the same write as the request:
exactly the header is taken, the request behind it is answered 101, and
the access line names the address from the header (TCP4 and TCP6)."""

from helpers import RawClient, answer_close, expect_accept, wait_log_line


def test_proxy_v1_raw(wsinetd):
    srv = wsinetd.socket_activate("--proxy-protocol", "echo")
    for hdr, name in ((b"PROXY TCP4 203.0.113.7 127.0.0.1 40001 80\r\n", "203.0.113.7:40001"),
                      (b"PROXY TCP6 2001:db8::7 ::1 40002 80\r\n", "[2001:db8::7]:40002")):
        c = RawClient.connect(srv.host, srv.port)
        c.send(hdr)
        expect_accept(c.handshake())
        answer_close(c, 1000)
        wait_log_line(srv, name + ' "GET /" 101 ')
