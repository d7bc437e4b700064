"""Behind a real HAProxy sending PROXY v2 (`send-proxy-v2`), the README's
scale-out recipe: wsinetd --proxy-protocol under systemd-socket-activate
logs the client's own address (bound to 127.0.0.2 here, so it cannot be
mistaken for HAProxy's 127.0.0.1), and the echo works through both."""

from helpers import (OP_TEXT, answer_close, connect_from, expect_accept, frame,
                     log_message, wait_log_line)


def test_proxy_haproxy_v2(wsinetd, haproxy):
    srv = wsinetd.socket_activate("--proxy-protocol", "echo")
    h = haproxy((srv.host, srv.port), "send-proxy-v2")
    c = connect_from("127.0.0.1", h.port, "127.0.0.2")
    me = c.local
    assert me.startswith("127.0.0.2:")
    expect_accept(c.handshake())
    c.send(frame(OP_TEXT, "through haproxy"))
    assert c.read_message() == (OP_TEXT, b"through haproxy")
    answer_close(c, 1000)
    line = wait_log_line(srv, " 101 ", "close=1000")
    assert log_message(line).startswith(me + " "), line
