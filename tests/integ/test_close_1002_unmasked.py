"""An unmasked client frame is a protocol error: Close 1002 (RFC 6455 §5.1).

The access line records the close code.
"""

from helpers import OP_TEXT, answer_close, frame, open_ws, wait_log_line


def test_close_1002_unmasked(wsinetd):
    srv = wsinetd.socket_activate("echo")
    c = open_ws(srv)
    c.send(frame(OP_TEXT, "not masked", mask=False))
    assert c.read_until_close() == (b"", 1002)
    answer_close(c, 1002)
    wait_log_line(srv, c.local, "close=1002")
