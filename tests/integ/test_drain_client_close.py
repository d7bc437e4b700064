"""Drain before close: client sends data and then Close.

The backend waits 1 s before reading and has a small receive buffer, and
8 MiB is more than the kernel holds on the backend side, so data is still
queued inside wsinetd when the Close arrives.  The client gets its Close
answered; the backend receives every byte, then EOF (not a reset).
"""

import time

from helpers import (OP_BIN, RawClient, close_frame, expect_accept, frame,
                     random_bytes, recorder, sha)

DATA = random_bytes(8 << 20, 7)


def test_drain_client_close(wsinetd):
    b = recorder(rcvbuf=4096)
    b.read_delay = 1.0
    try:
        srv = wsinetd.socket_activate(b.target)
        c = RawClient.connect(srv.host, srv.port, timeout=20)
        expect_accept(c.handshake())
        for i in range(0, len(DATA), 65536):
            c.send(frame(OP_BIN, DATA[i:i + 65536]))
        c.send(close_frame(1000))
        data, code = c.read_until_close()
        assert (data, code) == (b"", 1000)
        end = time.monotonic() + 10
        while not b.eof and time.monotonic() < end and not b.errors:
            time.sleep(0.02)
        assert not b.errors, b.errors
        assert len(b.received) == len(DATA) and sha(bytes(b.received)) == sha(DATA)
        assert b.eof
    finally:
        b.close()
