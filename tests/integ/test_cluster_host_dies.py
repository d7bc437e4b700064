"""A host dies mid-run (SIGKILL to its wsinetd parent and every handler:
a crash, an OOM kill).  Twelve checksummed echo streams are open across
the three hosts.  The dead host's streams end with an error the client
sees at once (the TCP connection closes, no Close frame: 1006), after
every echo they had received was right; HAProxy marks the host DOWN
within its checks (2 s apart, two failures; the time is printed); new
connections, even those made before HAProxy noticed (a refused connect is
redispatched), all go to the other two; the streams there lose nothing;
and the restarted host passes its checks and gets new connections again."""

import asyncio
import time

from websockets.exceptions import ConnectionClosedError

from cluster import Stream

N = 12


async def scenario(cluster, out):
    stop = asyncio.Event()
    streams = [Stream(i) for i in range(N)]
    tasks = [asyncio.create_task(s.run(cluster, stop)) for s in streams]
    await asyncio.wait_for(asyncio.gather(*(s.opened.wait() for s in streams)), 120)
    assert all(s.error is None for s in streams), [s.error for s in streams]
    sessions = cluster.haproxy.sessions()
    on = {s.local: sessions.get(s.local) for s in streams}
    out["on"] = on
    counts = {h.name: list(on.values()).count(h.name) for h in cluster.hosts}
    assert all(n >= 2 for n in counts.values()), counts
    await asyncio.sleep(1)

    dead = cluster.host("host2")
    t_kill = time.monotonic()
    await asyncio.to_thread(dead.kill)
    # Before HAProxy has noticed: the connect to host2 is refused and
    # redispatched.
    out["early"] = [await cluster.echo_once() for _ in range(3)]
    out["detect"] = time.monotonic() - t_kill + await asyncio.to_thread(
        cluster.wait_status, "host2", "DOWN", 30)
    out["later"] = [await cluster.echo_once() for _ in range(3)]
    victims = [s for s in streams if on[s.local] == "host2"]
    await asyncio.wait_for(asyncio.gather(*(tasks[s.i] for s in victims)), 30)
    out["victim_ends"] = [s.ended_at - t_kill for s in victims]

    await asyncio.to_thread(dead.start)
    out["rejoin"] = await asyncio.to_thread(cluster.wait_status, "host2", "UP", 30)
    # leastconn: host2 has no connection left, the others four each.
    out["rejoined"] = [await cluster.echo_once() for _ in range(2)]
    await asyncio.sleep(0.5)
    stop.set()
    await asyncio.wait_for(asyncio.gather(*tasks), 60)
    return streams


def test_cluster_host_dies(cluster):
    out = {}
    streams = asyncio.run(scenario(cluster, out))
    on = out["on"]
    for s in streams:
        if on[s.local] == "host2":
            assert isinstance(s.error, ConnectionClosedError), (s.local, repr(s.error))
            assert s.error.rcvd is None, s.error        # no Close: the host is gone
            assert s.sent - s.echoed <= 1, (s.sent, s.echoed)
        else:
            assert s.intact, (s.local, on[s.local], repr(s.error), s.sent, s.echoed, s.close_code)
            assert s.echoed > 10, s.echoed
    assert max(out["victim_ends"]) < 10, out["victim_ends"]
    # inter 2s, fall 2, timeout check 3s: a bound only a broken check misses.
    assert out["detect"] < 15, out["detect"]
    for local in out["early"] + out["later"]:
        assert cluster.host_of(local).name in ("host1", "host3"), local
    for local in out["rejoined"]:
        assert cluster.host_of(local).name == "host2", local
    print("host killed: %d streams ended at %s s; DOWN after %.1f s; UP again %.1f s after "
          "the restart; %d streams on the others intact" % (
              len(out["victim_ends"]), ", ".join("%.2f" % t for t in out["victim_ends"]),
              out["detect"], out["rejoin"], sum(s.intact for s in streams)))
