"""A client's Close is answered with its own code alone, never with our
reason text for that code (a client's 1001 is not our "idle timeout")."""

from helpers import close_frame, open_ws


def test_close_reply_code_only(wsinetd):
    srv = wsinetd.socket_activate("echo")
    for code in (1001, 1002, 1009, 4000):
        c = open_ws(srv)
        c.send(close_frame(code, b"bye"))
        assert c.read_to_eof() == bytes([0x88, 2, code >> 8, code & 255]), code
        c.close()
