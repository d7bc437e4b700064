"""Three hosts behind HAProxy (units/haproxy/wsinetd.cfg): every host
serves, balance leastconn spreads nine open connections three to a host
(HAProxy's own session table says which), each host's access lines name
exactly the clients HAProxy sent it, by the address in the PROXY v2 header
(127.0.0.7, while the hosts' TCP peer is HAProxy's veth address), and
the health checks, a TLS WebSocket upgrade every 2 s per host, left no
line in any host's log."""

import asyncio
import re
import time

from cluster import message

N = 9


async def open_all(cluster):
    conns = [await cluster.ws_connect() for _ in range(N)]
    locals_ = ["%s:%d" % tuple(ws.local_address[:2]) for ws in conns]
    sessions = cluster.haproxy.sessions()
    for i, ws in enumerate(conns):
        data = ("hello %d" % i).encode()
        await ws.send(data)
        assert await asyncio.wait_for(ws.recv(), 30) == data
    for ws in conns:
        await ws.close()
        assert ws.close_code == 1000
    return locals_, sessions


def test_cluster_spread(cluster):
    t0 = time.monotonic()
    locals_, sessions = asyncio.run(open_all(cluster))
    on = {h.name: sorted(l for l in locals_ if sessions.get(l) == h.name) for h in cluster.hosts}
    assert sorted(sum(on.values(), [])) == sorted(locals_), (sessions, locals_)
    assert all(len(v) == N // 3 for v in on.values()), on

    for h in cluster.hosts:
        def served():
            peers = sorted(message(ln).split()[0] for ln in cluster.access_lines(h))
            return peers == on[h.name]
        end = time.monotonic() + 10
        while not served() and time.monotonic() < end:
            time.sleep(0.1)
        assert served(), (on[h.name], h.log())
        for ln in cluster.access_lines(h):
            assert re.search(r'"GET /" 101 target=echo in=\d+/1 out=\d+/1 .* close=1000 route=/ '
                             r'tls=TLS1.3 ', ln), ln
    # At least two checks per host have passed by now (2 s apart).
    time.sleep(max(0, t0 + 4.5 - time.monotonic()))
    st = cluster.haproxy.stat()
    assert all(st[h.name]["check_status"] == "L7OK" for h in cluster.hosts), st
    for h in cluster.hosts:
        assert cluster.other_lines(h) == [], h.log()
