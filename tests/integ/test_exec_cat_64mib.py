"""exec:cat with 64 MiB in flight both ways at once: the program's stdin
and stdout are pumped independently, so nothing deadlocks (websocketd 0.4
does past ~300 KiB); the bytes are checksummed on both ends and the whole
transfer is bounded in time."""

import asyncio
import hashlib
import os
import time

import websockets

TOTAL = 64 << 20
CHUNK = 1 << 16


async def pump(url):
    async with websockets.connect(url, max_size=None, compression=None,
                                  ping_interval=None, max_queue=None,
                                  write_limit=1 << 20) as ws:
        sent, got = hashlib.sha256(), hashlib.sha256()
        seed = os.urandom(CHUNK)

        async def send():
            for i in range(TOTAL // CHUNK):
                block = seed[i % 251:] + seed[:i % 251]
                sent.update(block)
                await ws.send(block)

        async def recv():
            n = 0
            while n < TOTAL:
                m = await ws.recv()
                assert isinstance(m, bytes)
                got.update(m)
                n += len(m)
            return n

        t0 = time.monotonic()
        _, n = await asyncio.wait_for(asyncio.gather(send(), recv()), 120)
        secs = time.monotonic() - t0
        await ws.close()
        return sent.hexdigest(), got.hexdigest(), n, secs, ws.close_code


def test_exec_cat_64mib_both_ways(wsinetd):
    srv = wsinetd.socket_activate("exec:cat")
    sent, got, n, secs, code = asyncio.run(pump(srv.url))
    assert n == TOTAL and got == sent, "the stream came back different"
    assert code == 1000
    print("64 MiB through exec:cat both ways in %.2f s (%.0f MiB/s each way, %s)"
          % (secs, 64 / secs, wsinetd.variant))
