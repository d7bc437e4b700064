"""A rolling restart of the three hosts, one at a time, the README's way:
the host is set to drain on HAProxy's admin socket (no new connections),
its resident wsinetd parent gets SIGTERM (what `systemctl restart` sends
it) and a new one is started, a connection reaches the new parent, the
host is set ready, then the next host.  Twelve checksummed echo streams
run across the hosts, and a new short connection is made every 0.2 s.

What main does with the SIGTERM: the resident parent passes it on to its
handlers and waits for them; each handler ends its WebSocket with Close
1001 ("server shutting down") and exits.  So each stream lives through the
restarts of the other hosts, echoing on between them, every echo intact,
and gets its 1001 within a few seconds after its own host's SIGTERM,
never before.  Every new
connection succeeds.  (Without the drain, connections waiting in the old
parent's accept queue when it exits are reset by the kernel: HAProxy has
already sent their first bytes and cannot redispatch them; so are those
HAProxy sent just before the drain, so the test waits for the queue to be
empty.  The ASan build, slower to accept, showed both.)"""

import asyncio
import time

from websockets.exceptions import ConnectionClosedOK

from cluster import run_streams
from harness import wait_for

async def churn(cluster, stop, made):
    while not stop.is_set():
        made.append(await cluster.echo_once("churn"))
        await asyncio.sleep(0.2)


async def scenario(cluster, streams, on, tasks, out):
    stop_churn = asyncio.Event()
    made = []
    churner = asyncio.create_task(churn(cluster, stop_churn, made))
    for h in cluster.hosts:
        old = h.server
        await asyncio.to_thread(cluster.set_state, h.name, "drain")
        # A new connection HAProxy sent just before the drain is on this
        # host too: wait until only the streams are left (HAProxy's count),
        # and nothing waits in the accept queue, which the kernel resets
        # when the parent closes it.
        mine = out["counts"][h.name]
        await asyncio.to_thread(
            wait_for, lambda: int(cluster.haproxy.stat()[h.name]["scur"]) == mine and
            h.accept_queue() == 0, 30, "%s to hold only its streams" % h.name)
        out.setdefault("term", {})[h.name] = time.monotonic()
        out.setdefault("snaps", []).append([x.echoed for x in streams])
        await asyncio.to_thread(h.terminate_parent)
        await asyncio.to_thread(h.start)
        await asyncio.to_thread(cluster.only, h.name)
        local = await cluster.echo_once("new parent")
        await asyncio.to_thread(h.server.wait_log, local + ' "GET /" 101 ')
        await asyncio.to_thread(cluster.only, *(x.name for x in cluster.hosts))
        assert old.proc.returncode is not None
        await asyncio.sleep(0.5)
    stop_churn.set()
    await asyncio.wait_for(churner, 60)     # raises if a new connection failed
    out["made"] = made


def test_cluster_rolling_restart(cluster):
    streams, on, out = run_streams(cluster, lambda *a: scenario(cluster, *a))
    term, counts = out["term"], out["counts"]
    ends = []
    for s in streams:
        host = on[s.local]
        why = (s.local, host, repr(s.error), s.sent, s.echoed)
        assert isinstance(s.error, ConnectionClosedOK) and s.error.rcvd.code == 1001, why
        assert s.sent - s.echoed <= 1 and s.echoed > 0, why
        # Echoing on between each earlier host's SIGTERM and the next one's.
        k = [h.name for h in cluster.hosts].index(host)
        for j in range(k):
            assert out["snaps"][j + 1][s.i] > out["snaps"][j][s.i], (why, j, out["snaps"])
        ends.append(s.ended_at - term[host])
        assert 0 <= ends[-1] < 10, (why, ends[-1])
    assert len(out["made"]) >= 10, out["made"]
    print("rolling restart: %d streams (%s), each ended %.2f-%.2f s after its own host's "
          "SIGTERM and not before; %d new connections all served" % (
              len(streams), counts, min(ends), max(ends), len(out["made"])))
