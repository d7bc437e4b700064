"""300 concurrent connections through systemd-socket-activate --accept,
each relaying 8 checksummed messages of 16 KiB both ways (python3-websockets,
echo target).  All 300 are open at once (a barrier after the upgrade) while
each handler's memory is sampled; afterwards every echo matched, every
connection logged close=1000, and no handler process, zombie, launcher fd
or temporary file is left.  Prints peak and mean PSS per connection."""

import asyncio
import hashlib
import os
import random
from pathlib import Path

import websockets

from harness import children, proc_stat, wait_for

N = 300
MSGS, SIZE = 8, 16 << 10


def pss_kib(pid):
    try:
        for ln in Path("/proc/%d/smaps_rollup" % pid).read_text().splitlines():
            if ln.startswith("Pss:"):
                return int(ln.split()[1])
    except OSError:
        pass
    return None


async def one(url, i, barrier, results):
    rnd = random.Random(i)
    async with websockets.connect(url, max_size=None, compression=None, ping_interval=None,
                                  open_timeout=120, close_timeout=60) as ws:
        await barrier.wait()          # all N open: memory is sampled now
        await barrier.wait()          # sampling done
        for _ in range(MSGS):
            data = rnd.randbytes(SIZE)
            await asyncio.wait_for(ws.send(data), 60)
            back = await asyncio.wait_for(ws.recv(), 60)
            results.append(hashlib.sha256(back).digest() == hashlib.sha256(data).digest())
        await ws.close()
        assert ws.close_code == 1000, ws.close_code


async def run(url, launcher, samples):
    barrier = asyncio.Barrier(N + 1)
    results = []
    tasks = [asyncio.create_task(one(url, i, barrier, results)) for i in range(N)]
    await asyncio.wait_for(barrier.wait(), 180)
    kids = children(launcher)
    samples.extend(p for p in (pss_kib(k) for k in kids) if p is not None)
    await barrier.wait()
    await asyncio.wait_for(asyncio.gather(*tasks), 300)
    return results


def test_load_300(wsinetd, tmp_path):
    tmpdir = tmp_path / "handler-tmp"
    tmpdir.mkdir()
    srv = wsinetd.socket_activate("-q", "echo", extra_env={"TMPDIR": str(tmpdir)})
    fds_before = len(os.listdir("/proc/%d/fd" % srv.proc.pid))
    samples = []
    results = asyncio.run(run(srv.url, srv.proc.pid, samples))
    assert len(results) == N * MSGS and all(results), "%d of %d echoes differ" % (
        results.count(False), len(results))
    assert len(samples) == N, "only %d handlers seen at once" % len(samples)
    wait_for(lambda: not children(srv.proc.pid), timeout=60, what="every handler to exit")
    zombies = [c for c in children(srv.proc.pid) if (proc_stat(c) or ["?"])[0] == "Z"]
    assert not zombies, zombies
    assert len(os.listdir("/proc/%d/fd" % srv.proc.pid)) == fds_before
    assert not list(tmpdir.iterdir()), list(tmpdir.iterdir())
    print("%s: %d concurrent handlers, PSS per connection peak %d KiB, mean %d KiB" % (
        wsinetd.variant, len(samples), max(samples), sum(samples) // len(samples)))
    if wsinetd.variant == "plain":
        assert max(samples) < 4096, samples
