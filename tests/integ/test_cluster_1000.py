"""1000 concurrent connections across the cluster (TLS through HAProxy,
PROXY v2 to the hosts), each echoing 4 checksummed messages of 4 KiB once
all 1000 are open.  Asserted: every echo is right, every connection closes
with 1000, HAProxy spread them over all three hosts (its stats: current
sessions per host while all are open), and every handler process is gone
afterwards.  Printed, not asserted (the machine is shared): each host's
private memory (smaps_rollup of all its processes) and per connection,
HAProxy's, and the CPU time of HAProxy and of each host's wsinetd (the
parent and its reaped handlers).  The ASan build runs 150 connections:
each of its handlers holds ~3 MiB of shadow memory, and the point here is
the plain build's figures."""

import asyncio
import hashlib
import os
import random
import resource
import time

from harness import wait_for
from cluster import cpu_ticks, private_kib

MSGS, SIZE = 4, 4096
OPENING = 64            # handshakes in flight at once: a bounded load


async def one(cluster, i, gate, barrier, results):
    rnd = random.Random(i)
    async with gate:
        ws = await cluster.ws_connect(open_timeout=300)
    try:
        await barrier.wait()                # all open: sampled now
        await barrier.wait()                # sampling done
        ok = 0
        for _ in range(MSGS):
            data = rnd.randbytes(SIZE)
            await asyncio.wait_for(ws.send(data), 120)
            back = await asyncio.wait_for(ws.recv(), 120)
            ok += hashlib.sha256(back).digest() == hashlib.sha256(data).digest()
    finally:
        await ws.close()
    results.append((ok, ws.close_code))


async def run(cluster, n, sample):
    gate = asyncio.Semaphore(OPENING)
    barrier = asyncio.Barrier(n + 1)
    results = []
    tasks = [asyncio.create_task(one(cluster, i, gate, barrier, results)) for i in range(n)]
    all_open = asyncio.create_task(barrier.wait())
    # Until all are open, the first connection that fails ends the wait.
    done, _ = await asyncio.wait([all_open, *tasks], timeout=600,
                                 return_when=asyncio.FIRST_COMPLETED)
    if all_open not in done:
        for t in tasks + [all_open]:
            t.cancel()
        errors = await asyncio.gather(*tasks, return_exceptions=True)
        raise AssertionError("%d of %d open (barrier); first errors: %r" % (
            barrier.n_waiting, n, [e for e in errors if isinstance(e, BaseException)
                                   and not isinstance(e, asyncio.CancelledError)][:5]))
    sample()
    await barrier.wait()
    await asyncio.wait_for(asyncio.gather(*tasks), 600)
    return results


def test_cluster_1000(cluster, wsinetd):
    n = int(os.environ.get("CLUSTER_N", 0)) or (1000 if wsinetd.variant == "plain" else 150)
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < 4 * n:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 8 * n), hard))
    hap = cluster.haproxy.proc.pid
    parents = {h.name: h.server.proc.pid for h in cluster.hosts}
    idle = {h.name: len(h.pids()) for h in cluster.hosts}
    cpu0 = {name: cpu_ticks(p, children=True) for name, p in parents.items()}
    hap0 = cpu_ticks(hap)
    t0 = time.monotonic()
    seen = {}

    def sample():
        st = cluster.haproxy.stat()
        for h in cluster.hosts:
            kids = [p for p in h.pids() if p != parents[h.name]]
            seen[h.name] = (int(st[h.name]["scur"]), len(kids),
                            sum(private_kib(p) for p in kids), private_kib(parents[h.name]))
        seen["haproxy"] = private_kib(hap)

    results = asyncio.run(run(cluster, n, sample))
    wall = time.monotonic() - t0
    assert len(results) == n and all(r == (MSGS, 1000) for r in results), [
        r for r in results if r != (MSGS, 1000)][:10]
    assert sum(seen[h.name][0] for h in cluster.hosts) == n, seen
    # leastconn: a host far below its share would be a balancing bug.
    assert all(seen[h.name][0] >= n // 5 for h in cluster.hosts), seen
    assert all(seen[h.name][1] >= seen[h.name][0] for h in cluster.hosts), seen
    for h in cluster.hosts:
        # Back to the resident parent and its idle pre-forked children.
        wait_for(lambda: h.established() == 0 and len(h.pids()) <= idle[h.name], 120,
                 "%s's handlers to exit" % h.name)
    tick = os.sysconf("SC_CLK_TCK")
    print("\n%s build, %d connections in %.1f s (load %s):" % (
        wsinetd.variant, n, wall, " ".join("%.2f" % x for x in os.getloadavg())))
    for h in cluster.hosts:
        conns, kids, kib, parent_kib = seen[h.name]
        cpu = (cpu_ticks(parents[h.name], children=True) - cpu0[h.name]) / tick
        print("  %s: %d connections (%d children), private memory %.1f MiB "
              "(%.0f KiB per connection, parent %d KiB), wsinetd CPU %.2f s (%.2f ms per "
              "connection)" % (h.name, conns, kids, kib / 1024, kib / max(kids, 1), parent_kib,
                               cpu, 1000 * cpu / max(conns, 1)))
    print("  haproxy: private memory %.1f MiB, CPU %.2f s" % (
        seen["haproxy"] / 1024, (cpu_ticks(hap) - hap0) / tick))
