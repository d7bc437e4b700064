"""A frame header that declares 1 GiB (default --max-message 16 MiB) and
then only a few bytes: Close 1009 at once, from the header alone, with the
handler's memory still small (nothing was allocated for the declared size)."""

import struct

from helpers import answer_close, open_ws, vm_rss_kib, wait_child, wait_log_line


def test_hostile_1gib_declared(wsinetd):
    srv = wsinetd.socket_activate("echo")
    c = open_ws(srv)
    pid = wait_child(srv.proc.pid)
    c.send(struct.pack("!BBQ", 0x82, 0x80 | 127, 1 << 30) + b"\0\0\0\0" + b"x" * 100)
    assert c.read_until_close() == (b"", 1009)
    if wsinetd.variant == "plain":
        assert vm_rss_kib(pid) < 16 * 1024, vm_rss_kib(pid)
    answer_close(c, 1009)
    wait_log_line(srv, c.local, "close=1009")
