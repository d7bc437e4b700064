"""HAProxy's text form (`send-proxy`, PROXY v1): the access line names the
client (127.0.0.2:port), not HAProxy."""

from helpers import log_message, answer_close, connect_from, expect_accept, wait_log_line


def test_proxy_haproxy_v1(wsinetd, haproxy):
    srv = wsinetd.socket_activate("--proxy-protocol", "echo")
    h = haproxy((srv.host, srv.port), "send-proxy")
    c = connect_from("127.0.0.1", h.port, "127.0.0.2")
    me = c.local
    expect_accept(c.handshake())
    answer_close(c, 1000)
    line = wait_log_line(srv, " 101 ")
    assert log_message(line).startswith(me + " "), line
