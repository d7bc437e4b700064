"""--max-message 1000: a 2000-byte message gets Close 1009; 1000 bytes is fine.

The access line records the close code.
"""

from helpers import OP_BIN, answer_close, frame, open_ws, wait_log_line


def test_close_1009_too_big(wsinetd):
    srv = wsinetd.socket_activate("--max-message", "1000", "echo")
    c = open_ws(srv)
    c.send(frame(OP_BIN, b"a" * 1000))
    assert c.read_message() == (OP_BIN, b"a" * 1000)
    c.send(frame(OP_BIN, b"b" * 2000))
    assert c.read_until_close() == (b"", 1009)
    answer_close(c, 1009)
    wait_log_line(srv, c.local, "close=1009")
