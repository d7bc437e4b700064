"""--compress: a compressed message that is not valid DEFLATE data fails
the connection (RFC 7692 §8) with 1007, invalid data, as Autobahn
expects; so does a text message that is invalid UTF-8 once inflated.
Messages before it are echoed."""

import pytest

from helpers import (OP_BIN, OP_TEXT, answer_close, deflate, frame, open_ws,
                     wait_log_line)

CASES = {
    "btype3": (OP_BIN, b"\xff\xff\xff\xff", "invalid DEFLATE data"),
    "stored_len": (OP_BIN, b"\x00\x05\x00\x00\x00hello", "invalid DEFLATE data"),
    # RFC 7692 §7.2.3.2's second message: a match 5 bytes back, here
    # with no context (client_no_context_takeover) to take it from.
    "far_back": (OP_BIN, b"\xf2\x00\x11\x00\x00", "invalid DEFLATE data"),
    "utf8": (OP_TEXT, deflate(b"ok \xc3\x28 not"), "invalid UTF-8"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_compress_bad_stream(wsinetd, case):
    op, payload, why = CASES[case]
    srv = wsinetd.socket_activate("--compress", "echo")
    offer = "permessage-deflate; client_no_context_takeover"
    c = open_ws(srv, extra=[("Sec-WebSocket-Extensions", offer)])
    c.send(frame(OP_TEXT, deflate(b"fine"), rsv=0x40))
    assert c.read_message() == (OP_TEXT, b"fine")
    c.send(frame(op, payload, rsv=0x40))
    got, code = c.read_until_close()
    assert code == 1007
    answer_close(c, 1007)
    wait_log_line(srv, c.local, why)
