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

from cluster import run_streams


async def scenario(cluster, streams, on, tasks, out):
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


def test_cluster_host_dies(cluster):
    streams, on, out = run_streams(cluster, lambda *a: scenario(cluster, *a))
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
