"""-v logs a line as soon as a connection is upgraded and its target is
open, as websockify and websocketd do at connect, not only the access line
at the end (issue 17 item 13).  Without -v there is no such line."""

from helpers import (OP_TEXT, echo_handler, RawClient, answer_close, expect_accept, frame, log_message,
                     wait_log_line)


def session(srv):
    c = RawClient.connect(srv.host, srv.port)
    peer = c.local
    expect_accept(c.handshake(path="/chat?x=1"))
    c.send(frame(OP_TEXT, b"hi"))
    assert c.read_message()[1] == b"hi"     # a tcp: backend's bytes come back binary
    return c, peer


def test_verbose_upgrade_line(wsinetd, backend):
    b = backend(echo_handler)
    srv = wsinetd.socket_activate("-v", b.target)
    c, peer = session(srv)
    # While the connection is still open, the line is there.
    line = wait_log_line(srv, peer, "upgraded")
    assert log_message(line) == '%s: "GET /chat?x=1" upgraded, target %s open' % (peer, b.target)
    assert " 101 " not in srv.log()
    answer_close(c, 1000)
    wait_log_line(srv, peer, '"GET /chat?x=1" 101')


def test_no_upgrade_line_without_v(wsinetd):
    srv = wsinetd.socket_activate("echo")
    c, peer = session(srv)
    answer_close(c, 1000)
    wait_log_line(srv, peer, " 101 ")
    assert "upgraded" not in srv.log()
