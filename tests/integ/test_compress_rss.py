"""The memory --compress costs a connection: VmHWM (peak RSS) of the
handler after the same traffic (compressible text, 64 KiB messages both
ways through a tcp: echo backend, or echo) with and without the extension.
zlib's state is the largest allocation a connection has; with the
default window (32 KiB) and memLevel 7 it must stay well under 1 MiB on
top of the plain connection.  The numbers are printed for the record
(pytest -s)."""

import asyncio

import pytest
import websockets
from websockets.extensions import permessage_deflate

from helpers import Backend, echo_handler, wait_child

TEXT = ('{"id": 12345, "name": "wsinetd", "tags": ["a", "b"]}\n' * 1300)[:65536]
EXTRA_LIMIT_KIB = {"plain": 1024, "asan": 4096}


def peak_kib(pid):
    with open("/proc/%d/status" % pid) as f:
        for ln in f:
            if ln.startswith("VmHWM:"):
                return int(ln.split()[1])
    raise AssertionError("no VmHWM")


async def traffic(url, compress, pid_of):
    ext = [permessage_deflate.ClientPerMessageDeflateFactory()] if compress else None
    async with websockets.connect(url, max_size=None, compression=None, extensions=ext,
                                  ping_interval=None) as ws:
        assert bool(ws.extensions) == compress, ws.extensions
        for _ in range(32):
            await ws.send(TEXT)
            got = b""
            while len(got) < len(TEXT):
                m = await ws.recv()
                got += m if isinstance(m, bytes) else m.encode()
            assert got == TEXT.encode()
        return peak_kib(pid_of())


def measure(wsinetd, target, compress):
    b = Backend(echo_handler) if target == "tcp" else None
    try:
        srv = wsinetd.socket_activate(*(["--compress"] if compress else []),
                                      b.target if b else target)
        return asyncio.run(traffic(srv.url, compress, lambda: wait_child(srv.proc.pid)))
    finally:
        if b:
            b.close()


@pytest.mark.parametrize("target", ["tcp", "echo"])
def test_compress_rss(wsinetd, target):
    plain = measure(wsinetd, target, False)
    deflate = measure(wsinetd, target, True)
    print("%s %s: peak RSS of a connection %d KiB plain, %d KiB with permessage-deflate "
          "(+%d KiB)" % (wsinetd.variant, target, plain, deflate, deflate - plain))
    assert deflate - plain < EXTRA_LIMIT_KIB[wsinetd.variant], (plain, deflate)
