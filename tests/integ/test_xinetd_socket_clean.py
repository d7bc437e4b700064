"""Under xinetd, nothing but WebSocket frames reaches the client.

xinetd (like inetd) hands the connected socket over as fds 0, 1 *and 2*, so
whatever wsinetd writes to stderr would go to the browser.  A session that
makes wsinetd log while it runs (-v, then a message over --max-message)
must show the client only frames: the echo, then exactly one Close 1009
frame, then EOF.
"""

from helpers import (OP_BIN, OP_CLOSE, RawClient, close_frame, expect_accept,
                     frame, free_port)


def test_xinetd_socket_clean(wsinetd, xinetd):
    port = free_port()
    xinetd(wsinetd, "-v --max-message 1000 echo", port)
    c = RawClient.connect("127.0.0.1", port)
    expect_accept(c.handshake())
    c.send(frame(OP_BIN, b"hello xinetd"))
    assert c.read_frame() == (True, OP_BIN, b"hello xinetd")
    c.send(frame(OP_BIN, b"x" * 2000))
    f = c.read_frame()
    assert f is not None and f[:2] == (True, OP_CLOSE) and f[2][:2] == b"\x03\xf1", \
        "wanted Close 1009, got %r (buffer %r)" % (f, bytes(c.buf[:200]))
    c.send(close_frame(1009))
    rest = c.read_to_eof()
    assert rest == b"", "bytes after the Close frame: %r" % rest[:300]
    c.close()
