"""node's `ws` (from the npm registry, pinned in tests/node) as a second
real client: random binary and text messages echoed and checksummed."""

import json
import subprocess

from harness import ROOT

SIZES = ["0", "1", "125", "126", "65535", "65536", str(1 << 20), str(4 << 20)]


def test_node_ws_echo(wsinetd):
    srv = wsinetd.socket_activate("echo")
    r = subprocess.run(["node", str(ROOT / "tests" / "node" / "echo_client.js"), srv.url, *SIZES],
                       capture_output=True, text=True, timeout=90)
    assert r.returncode == 0, r.stdout + r.stderr
    assert json.loads(r.stdout) == {"messages": 2 * len(SIZES), "close": 1000}
    log = srv.wait_log("close=1000")
    assert "in=" in log and "/%d out=" % (2 * len(SIZES)) in log
