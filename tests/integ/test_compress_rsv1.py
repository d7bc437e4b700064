"""RSV1 where RFC 7692 §6 does not allow it closes with 1002: on a control
frame, on a continuation frame, on a data frame when the extension was not
negotiated (no --compress, or the client did not offer it); RSV2 stays an
error with it."""

import pytest

from helpers import (OP_BIN, OP_CONT, OP_PING, OP_TEXT, PMD_OFFER, answer_close, deflate,
                     frame, open_ws, wait_log_line)

Z = deflate(b"hello hello hello")

CASES = {
    "control": (True, frame(OP_PING, b"x", rsv=0x40), "RSV1 on a control frame"),
    "continuation": (True, frame(OP_TEXT, Z[:3], fin=False, rsv=0x40) +
                     frame(OP_CONT, Z[3:], rsv=0x40), "RSV1 on a continuation frame"),
    "not_offered": (None, frame(OP_BIN, Z, rsv=0x40), "RSV1 set without permessage-deflate"),
    "no_compress": (False, frame(OP_BIN, Z, rsv=0x40), "RSV1 set without permessage-deflate"),
    "rsv2": (True, frame(OP_BIN, Z, rsv=0x60), "RSV2 or RSV3 set"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_compress_rsv1(wsinetd, case):
    compress, data, why = CASES[case]
    args = ["--compress", "echo"] if compress is not False else ["echo"]
    srv = wsinetd.socket_activate(*args)
    c = open_ws(srv, extra=[PMD_OFFER] if compress is not None else [])
    c.send(data)
    assert c.read_until_close() == (b"", 1002)
    answer_close(c, 1002)
    wait_log_line(srv, c.local, why)
    wait_log_line(srv, c.local, "close=1002")
