"""--compress --max-message 2 MiB: a compressed message of 1 MiB that
inflates to 1 GiB is closed with 1009 once the inflated size passes the
limit, after at most one buffer of work: the handler's CPU time stays far
below what inflating it all would take.  Whole or in 1 KiB fragments."""

import zlib

import pytest

from helpers import (OP_BIN, OP_CONT, PMD_OFFER, answer_close, cpu_seconds, frame, open_ws,
                     wait_child, wait_log_line)


def bomb():
    """1 GiB of zeros: after the first 16 MiB the DEFLATE output of each
    further 16 MiB is the same bytes (a window of zeros, byte-aligned by
    the sync flush), so it is repeated instead of compressed again."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    zeros = bytes(16 << 20)
    first = c.compress(zeros) + c.flush(zlib.Z_SYNC_FLUSH)
    again = c.compress(zeros) + c.flush(zlib.Z_SYNC_FLUSH)
    return (first + again * 63)[:-4]


BOMB = bomb()


@pytest.mark.parametrize("fragment", [None, 1024])
def test_compress_zip_bomb(wsinetd, fragment):
    assert len(BOMB) < (1100 << 10)
    srv = wsinetd.socket_activate("--compress", "--max-message", 2 << 20, "echo")
    c = open_ws(srv, extra=[PMD_OFFER])
    pid = wait_child(srv.proc.pid)
    if fragment is None:
        data = frame(OP_BIN, BOMB, rsv=0x40)
    else:
        parts = [BOMB[i:i + fragment] for i in range(0, len(BOMB), fragment)]
        data = b"".join(frame(OP_BIN if i == 0 else OP_CONT, p, fin=i == len(parts) - 1,
                              rsv=0x40 if i == 0 else 0) for i, p in enumerate(parts))
    try:
        c.send(data)
    except OSError:
        pass            # it may stop reading once it has closed
    got, code = c.read_until_close()
    assert code == 1009
    assert len(got) <= (2 << 20), len(got)
    cpu = cpu_seconds(pid)
    assert cpu < 0.5, "handler used %.2f s of CPU on a zip bomb" % cpu
    answer_close(c, 1009)
    wait_log_line(srv, c.local, "inflates over --max-message")
    wait_log_line(srv, c.local, "close=1009")
