"""What the health checks of units/haproxy/wsinetd.cfg look like at -v,
as the README shows them: each check is one handler that writes exactly
three lines, naming HAProxy's end (the host's veth peer, since the LOCAL
command carries no client): the upgrade, the client leaving without a
Close, and the 101 access line of the health route over TLS.  (At the default verbosity
the same checks write nothing: test_cluster_spread.)"""

import re
import time

from cluster import Cluster
from helpers import STDERR_LINE


def test_cluster_probe_lines(wsinetd, tmp_path):
    c = Cluster(wsinetd, tmp_path, extra_args=["-v"])
    try:
        time.sleep(4.5)                     # two more checks per host
        for h in c.hosts:
            parents = {s.proc.pid for s in h.logs}
            by_pid = {}
            for ln in h.log().splitlines():
                m = STDERR_LINE.match(ln)
                if m and int(m.group(1)) not in parents:
                    by_pid.setdefault(int(m.group(1)), []).append(m.group(3))
            assert len(by_pid) >= 3, h.log()
            for pid, lines in by_pid.items():
                peer = re.escape(h.gw) + r":\d+"
                assert len(lines) == 3, (pid, lines)
                assert re.fullmatch(peer + r': "GET /\.wsinetd/health" upgraded, target echo open',
                                    lines[0]), lines
                assert re.fullmatch(peer + ": client left without a Close", lines[1]), lines
                assert re.fullmatch(
                    peer + r' "GET /\.wsinetd/health" 101 target=echo in=0/0 out=0/0 '
                    r'time=\d+\.\d{3}s close=1006 route=/\.wsinetd/health tls=TLS1\.3 '
                    r'cipher=\S+ sni=- resumed=[01]', lines[2]), lines
    finally:
        c.close()
