"""SIGTERM to a handler whose client never answers the Close 1001 nor
closes: the handler still ends within the stop's bound (CLOSE_WAIT_MS,
then at least STOP_LINGER_MIN for the FIN's drain: 3.5 s), well inside
the unit's TimeoutStopSec=5s, and writes its access line first."""

import signal
import struct
import time

from harness import wait_for
from helpers import OP_CLOSE, launcher_exit_codes, open_ws, signal_handler, wait_log_line


def test_sigterm_no_reply(wsinetd):
    srv = wsinetd.socket_activate("echo")
    c = open_ws(srv)
    peer = c.local
    sent = signal_handler(srv, signal.SIGTERM)
    op, payload = c.read_message()
    assert op == OP_CLOSE and payload[:2] == struct.pack("!H", 1001)
    # No reply and no FIN from us: the handler gives up on its own.
    wait_for(lambda: "died with code" in srv.log(), timeout=8, what="the handler to end")
    took = time.monotonic() - sent
    assert 2.5 < took < 4.5, "the handler ended %.2f s after SIGTERM" % took
    assert launcher_exit_codes(srv) == [0], srv.log()
    wait_log_line(srv, peer, " 101 ", "close=1001")
    c.close()
