"""`make demo` itself (tests/demo.sh), as CI can run it: no terminal, so it
proves noVNC in headless Chromium through wsinetd, prints the URL, and
stops by itself after DEMO_SECONDS, leaving nothing behind: the launcher's
and x11vnc's ports are closed afterwards."""

import os
import re
import socket
import subprocess

from harness import ROOT, free_port


def closed(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return False
    except OSError:
        return True


def test_make_demo(tmp_path):
    assert os.access(ROOT / "wsinetd", os.X_OK), "./wsinetd is not built (run make)"
    port = free_port()
    shot = tmp_path / "novnc.png"
    env = dict(os.environ, DEMO_ADDR="127.0.0.1:%d" % port, DEMO_SECONDS="0",
               DEMO_SCREENSHOT=str(shot))
    r = subprocess.run(["sh", str(ROOT / "tests" / "demo.sh")], env=env, stdin=subprocess.DEVNULL,
                       capture_output=True, timeout=180)
    out = r.stdout.decode(errors="replace") + r.stderr.decode(errors="replace")
    assert r.returncode == 0, out
    assert re.search(r"noVNC says 'Connected \(unencrypted\) to wsinetd demo', canvas 1024x700, "
                     r"top left pixel #2e5d8a", out), out
    assert '"GET /websockify" 101 target=tcp:127.0.0.1:' in out, out
    url = "http://127.0.0.1:%d/vnc.html?autoconnect=1&resize=scale" % port
    assert "\n    %s\n" % url in out, out
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    vnc = int(re.search(r"relayed to x11vnc on\s+127\.0\.0\.1:(\d+)", out).group(1))
    assert closed(port) and closed(vnc), out


def test_make_demo_terminal(tmp_path):
    """`make demo-terminal` (tests/demo_terminal.sh): the terminal page in
    headless Chromium connects, a typed command answers, the URL is
    printed, and the port is closed afterwards."""
    assert os.access(ROOT / "wsinetd", os.X_OK), "./wsinetd is not built (run make)"
    port = free_port()
    shot = tmp_path / "terminal.png"
    env = dict(os.environ, DEMO_ADDR="127.0.0.1:%d" % port, DEMO_SECONDS="0",
               DEMO_SCREENSHOT=str(shot))
    r = subprocess.run(["sh", str(ROOT / "tests" / "demo_terminal.sh")], env=env,
                       stdin=subprocess.DEVNULL, capture_output=True, timeout=180)
    out = r.stdout.decode(errors="replace") + r.stderr.decode(errors="replace")
    assert r.returncode == 0, out
    assert re.search(r"terminal page: connected to ws://127\.0\.0\.1:%d/, \d+ x \d+, typed a "
                     r"command and read its output" % port, out), out
    assert '"GET /" 101 target=exec:/bin/bash' in out, out
    assert "\n    http://127.0.0.1:%d/\n" % port in out, out
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert closed(port), out
