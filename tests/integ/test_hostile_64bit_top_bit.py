"""RFC 6455 §5.2: a 64-bit payload length has its most significant bit 0.
A client that sets it gets Close 1002, whatever the rest says."""

import struct

from helpers import answer_close, open_ws, wait_log_line


def test_hostile_64bit_top_bit(wsinetd):
    srv = wsinetd.socket_activate("--max-message", str((1 << 63) - 1), "echo")
    c = open_ws(srv)
    c.send(struct.pack("!BBQ", 0x82, 0x80 | 127, (1 << 63) | 5) + b"\0\0\0\0" + b"hello")
    assert c.read_until_close() == (b"", 1002)
    answer_close(c, 1002)
    wait_log_line(srv, c.local, "close=1002")
