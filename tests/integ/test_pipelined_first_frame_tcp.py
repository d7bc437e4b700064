"""No byte is lost at the upgrade, relayed to a tcp: backend.

Request + two masked frames in one send(): the backend must receive exactly
the two payloads, concatenated, starting with their first byte.
"""

import time

from helpers import OP_BIN, OP_TEXT, RawClient, expect_accept, frame, recorder, upgrade_request


def test_pipelined_first_frame_tcp(wsinetd):
    b = recorder()
    try:
        srv = wsinetd.socket_activate(b.target)
        c = RawClient.connect(srv.host, srv.port)
        first, second = b"Xfirst byte matters", bytes(range(256)) * 3
        c.send(upgrade_request() + frame(OP_TEXT, first) + frame(OP_BIN, second))
        expect_accept(c.read_response())
        want = first + second
        end = time.monotonic() + 5
        while len(b.received) < len(want) and time.monotonic() < end:
            time.sleep(0.02)
        assert bytes(b.received) == want, "backend got %r..." % bytes(b.received[:40])
        c.close()
    finally:
        b.close()
