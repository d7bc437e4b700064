"""A text message that is not UTF-8 gets Close 1007 (RFC 6455 §8.1).

The access line records the close code.
"""

from helpers import OP_TEXT, answer_close, frame, open_ws, wait_log_line


def test_close_1007_utf8(wsinetd):
    srv = wsinetd.socket_activate("echo")
    c = open_ws(srv)
    c.send(frame(OP_TEXT, b"valid, then \xff\xfe\xfd"))
    assert c.read_until_close() == (b"", 1007)
    answer_close(c, 1007)
    wait_log_line(srv, c.local, "close=1007")
