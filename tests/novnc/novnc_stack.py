"""The noVNC stack that `make demo` and tests/test_novnc_browser.py share:
a virtual X display (Xvfb), a VNC server on it (x11vnc), and headless
Chromium driven over the Chrome DevTools protocol (CDP) with
python3-websockets, so a test can read noVNC's connection state and the
pixels of its canvas instead of guessing from a screenshot.

Nothing here starts wsinetd: the caller does that (the test with the
`wsinetd` fixture, the demo with systemd-socket-activate), between the
VNC server and the browser.

Every process gets its own new session (so a whole tree can be signalled)
and TMPDIR/HOME inside the caller's temporary directory (Chromium: a
short mkdtemp directory of its own, removed by close()).  Xvfb runs with
-nolock and only its abstract-namespace socket (-nolisten unix/tcp), so
nothing is written to /tmp.  Every wait is bounded in time.  Run as a
script (see main() below) it is the browser half of `make demo`.
"""

import argparse
import asyncio
import base64
import json
import os
import select
import signal
import socket
import subprocess
import shutil
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import websockets

# The solid colour the test paints the X root window with, and its RGB.
TEST_COLOUR = "#336699"
TEST_RGB = (0x33, 0x66, 0x99)
SCREEN = (640, 480)


def free_port(host="127.0.0.1"):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def wait_for(pred, timeout, what):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        v = pred()
        if v:
            return v
        time.sleep(0.05)
    raise TimeoutError("timed out after %gs waiting for %s" % (timeout, what))


def wait_port(port, timeout, what, proc=None):
    """Wait until 127.0.0.1:port accepts a connection (and proc is alive)."""
    def up():
        if proc is not None and proc.poll() is not None:
            raise RuntimeError("%s exited with status %s" % (what, proc.returncode))
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return True
        except OSError:
            return False
    wait_for(up, timeout, what + " on 127.0.0.1:%d" % port)


def stop(proc, grace=5):
    """TERM the process group proc leads, KILL it after grace seconds."""
    if proc is None or proc.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break
        try:
            proc.wait(wait)
            return
        except subprocess.TimeoutExpired:
            continue


class Stack:
    """Processes started for one run, stopped in reverse order by close()."""

    def __init__(self, tmp):
        self.tmp = Path(tmp)
        self.procs = []
        self.env = dict(os.environ, TMPDIR=str(self.tmp), HOME=str(self.tmp))
        for k in ("LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES", "JOURNAL_STREAM"):
            self.env.pop(k, None)
        self.display = None
        self.short_tmp = None

    def spawn(self, name, argv, **kw):
        log = open(self.tmp / (name + ".log"), "ab")
        kw.setdefault("env", self.env)
        p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                             start_new_session=True, **kw)
        log.close()
        p.name = name
        self.procs.append(p)
        return p

    def log(self, name):
        try:
            return (self.tmp / (name + ".log")).read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def close(self):
        for p in reversed(self.procs):
            stop(p)
        self.procs = []
        if self.short_tmp:
            shutil.rmtree(self.short_tmp, ignore_errors=True)
            self.short_tmp = None

    # ------------------------------------------------------------ X and VNC

    def xvfb(self, size=SCREEN, timeout=15):
        """Start Xvfb on a free display; returns ":N"."""
        r, w = os.pipe()
        lock = ["-nolock"] if os.geteuid() == 0 else []     # -nolock is root-only
        try:
            self.spawn("xvfb", ["Xvfb", "-displayfd", str(w), *lock,
                                "-nolisten", "tcp", "-nolisten", "unix", "-noreset",
                                "-screen", "0", "%dx%dx24" % size, "-nocursor"],
                       pass_fds=(w,))
            os.close(w)
            w = -1
            got = b""
            end = time.monotonic() + timeout
            while not got.endswith(b"\n"):
                left = end - time.monotonic()
                if left <= 0 or not select.select([r], [], [], left)[0]:
                    raise TimeoutError("Xvfb did not report its display:\n" + self.log("xvfb"))
                chunk = os.read(r, 64)
                if not chunk:
                    raise RuntimeError("Xvfb exited:\n" + self.log("xvfb"))
                got += chunk
        finally:
            os.close(r)
            if w >= 0:
                os.close(w)
        self.display = ":" + got.decode().strip()
        self.env["DISPLAY"] = self.display
        return self.display

    def x(self, *argv, timeout=15):
        """Run an X client to completion (xsetroot ...)."""
        subprocess.run(argv, env=self.env, check=True, timeout=timeout,
                       stdin=subprocess.DEVNULL, capture_output=True)

    def x11vnc(self, port=None, timeout=20):
        """x11vnc on 127.0.0.1:port for the display, no password; returns port."""
        port = port or free_port()
        p = self.spawn("x11vnc", ["x11vnc", "-display", self.display, "-localhost",
                                  "-rfbport", str(port), "-nopw", "-forever", "-shared",
                                  "-noxdamage", "-norc", "-nocmds", "-quiet"])
        wait_port(port, timeout, "x11vnc", p)
        return port

    # ------------------------------------------------------------ browser

    def chromium(self, url, size=(1024, 768), timeout=30):
        """Headless Chromium on url with a DevTools port; returns a Page."""
        profile = self.tmp / "chromium-profile"
        profile.mkdir(exist_ok=True)
        (profile / "DevToolsActivePort").unlink(missing_ok=True)
        # Chromium's singleton socket lives in TMPDIR and a unix socket path
        # has at most 107 bytes: pytest's (xdist's) tmp paths are too long,
        # so it gets a short private directory of its own.
        self.short_tmp = self.short_tmp or tempfile.mkdtemp(prefix="wsinetd-cr.")
        env = dict(self.env, TMPDIR=self.short_tmp)
        env.pop("DISPLAY", None)          # headless: keep it off the test display
        p = self.spawn("chromium", [
            "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-extensions",
            "--disable-dev-shm-usage", "--password-store=basic", "--use-mock-keychain",
            "--window-size=%d,%d" % size, "--remote-debugging-address=127.0.0.1",
            "--remote-debugging-port=0", "--user-data-dir=%s" % profile, url], env=env)

        def devtools_port():
            if p.poll() is not None:
                raise RuntimeError("chromium exited %s:\n%s" % (p.returncode, self.log("chromium")[-3000:]))
            f = profile / "DevToolsActivePort"
            try:
                lines = f.read_text().split()
            except FileNotFoundError:
                return None
            return int(lines[0]) if lines else None
        port = wait_for(devtools_port, timeout, "Chromium's DevTools port")

        def page_ws():
            try:
                with urllib.request.urlopen("http://127.0.0.1:%d/json/list" % port, timeout=5) as r:
                    targets = json.load(r)
            except OSError:
                return None
            pages = [t for t in targets if t.get("type") == "page"]
            return pages[0]["webSocketDebuggerUrl"] if pages else None
        return Page(wait_for(page_ws, timeout, "Chromium's page target"))


class Page:
    """One DevTools session on a page: evaluate JavaScript, take screenshots."""

    def __init__(self, ws_url):
        self.ws_url = ws_url
        self.ws = None
        self.n = 0

    async def __aenter__(self):
        self.ws = await asyncio.wait_for(
            websockets.connect(self.ws_url, max_size=None, ping_interval=None), 15)
        return self

    async def __aexit__(self, *exc):
        await asyncio.wait_for(self.ws.close(), 5)

    async def call(self, method, timeout=15, **params):
        self.n += 1
        n = self.n
        await self.ws.send(json.dumps({"id": n, "method": method, "params": params}))
        end = time.monotonic() + timeout
        while True:
            left = end - time.monotonic()
            if left <= 0:
                raise TimeoutError("DevTools %s: no answer in %gs" % (method, timeout))
            msg = json.loads(await asyncio.wait_for(self.ws.recv(), left))
            if msg.get("id") == n:
                if "error" in msg:
                    raise RuntimeError("DevTools %s: %s" % (method, msg["error"]))
                return msg["result"]

    async def evaluate(self, expr):
        r = await self.call("Runtime.evaluate", expression=expr, returnByValue=True)
        if "exceptionDetails" in r:
            raise RuntimeError("JavaScript error: %s" % r["exceptionDetails"])
        return r["result"].get("value")

    async def disconnect(self, timeout=15):
        """Click noVNC's Disconnect button, as a person would, and wait
        until the page says it is disconnected; returns the last probe."""
        await self.evaluate('document.getElementById("noVNC_disconnect_button").click()')
        return await watch_novnc(self, lambda p: not p["connected"] and not p["state"], timeout)

    async def screenshot(self, path):
        r = await self.call("Page.captureScreenshot", format="png", timeout=30)
        Path(path).write_bytes(base64.b64decode(r["data"]))


# What the page tells about noVNC (vnc.html of noVNC 1.3): the state class
# on <html>, the status bar text, the canvas size, and the colours of a few
# canvas pixels (the centre and the four corners inset by 2).
PROBE_JS = r"""(() => {
  const html = document.documentElement.classList;
  const st = document.getElementById("noVNC_status");
  const c = document.querySelector("#noVNC_container canvas");
  const out = {
    connected: html.contains("noVNC_connected"),
    state: ["noVNC_loading", "noVNC_connecting", "noVNC_connected",
            "noVNC_disconnecting", "noVNC_reconnecting"].filter(k => html.contains(k)),
    status: st ? st.textContent : null,
    page: st || !document.body || !document.body.innerText.trim() ? undefined :
          (document.title + ": " + document.body.innerText).slice(0, 200),
    canvas: null, pixels: []
  };
  if (c && c.width > 0 && c.height > 0) {
    out.canvas = [c.width, c.height];
    const g = c.getContext("2d");
    const pts = [[c.width >> 1, c.height >> 1], [2, 2], [c.width - 3, 2],
                 [2, c.height - 3], [c.width - 3, c.height - 3]];
    for (const [x, y] of pts)
      out.pixels.push(Array.from(g.getImageData(x, y, 1, 1).data));
  }
  return out;
})()"""


async def watch_novnc(page, done, timeout, not_novnc=10):
    """Probe the page until done(probe) is true; returns the last probe.
    Raises with the last probe in the message on timeout, or sooner when
    the page has shown something that is not noVNC for not_novnc seconds
    (an error page: then nothing will change)."""
    end = time.monotonic() + timeout
    last, foreign = None, None
    while time.monotonic() < end:
        try:
            last = await page.evaluate(PROBE_JS)
        except RuntimeError as e:       # page still loading
            last = {"error": str(e)}
        if last and "error" not in last and done(last):
            return last
        if last and last.get("page") and last.get("status") is None:
            foreign = foreign or time.monotonic()
            if time.monotonic() - foreign > not_novnc:
                raise RuntimeError("the page is not noVNC: %r" % last["page"])
        else:
            foreign = None
        await asyncio.sleep(0.2)
    raise TimeoutError("noVNC did not get there in %gs; last probe: %s" % (timeout, last))


def drawn(rgb, where=range(5)):
    """A predicate for watch_novnc: noVNC is connected and the probed canvas
    pixels numbered in `where` (0 centre, 1-4 corners) are opaque rgb."""
    want = [*rgb, 255]
    return lambda probe: bool(probe["connected"] and probe["canvas"]
                              and all(probe["pixels"][i] == want for i in where))


def novnc_url(base, **extra):
    """vnc.html with autoconnect; host and port default to the page's own,
    path to "websockify" (which a wsinetd default target catches)."""
    q = {"autoconnect": "1", "resize": "off", "reconnect": "0"}
    q.update(extra)
    return base.rstrip("/") + "/vnc.html?" + "&".join("%s=%s" % kv for kv in q.items())


def main():
    """The browser half of `make demo`: open noVNC on URL in headless
    Chromium, wait until it is connected and drew the desktop, print what
    it saw and save a screenshot.  Exit 0 on success, 1 otherwise."""
    ap = argparse.ArgumentParser(description=main.__doc__)
    ap.add_argument("url")
    ap.add_argument("--tmp", required=True, help="a private directory for the profile and logs")
    ap.add_argument("--screenshot", help="write a PNG of the page here")
    ap.add_argument("--timeout", type=float, default=45)
    ap.add_argument("--expect", default=TEST_COLOUR,
                    help="#rrggbb the desktop shows at the canvas's top left corner")
    a = ap.parse_args()
    st = Stack(a.tmp)

    async def run():
        async with st.chromium(a.url) as page:
            rgb = tuple(bytes.fromhex(a.expect.lstrip("#")))
            probe = await watch_novnc(page, drawn(rgb, where=[1]), a.timeout)
            await asyncio.sleep(1.0)       # let the control bar fold away for the picture
            if a.screenshot:
                await page.screenshot(a.screenshot)
            await page.disconnect()
            return probe
    try:
        probe = asyncio.run(asyncio.wait_for(run(), a.timeout + 30))
    except Exception as e:  # noqa: BLE001 - report, then fail
        print("demo: the browser did not get a desktop: %s" % e, file=sys.stderr)
        return 1
    finally:
        st.close()
    print("demo: headless Chromium: noVNC says %r, canvas %dx%d, top left pixel %s"
          % (probe["status"], probe["canvas"][0], probe["canvas"][1],
             "#%02x%02x%02x" % tuple(probe["pixels"][1][:3])))
    if a.screenshot:
        print("demo: screenshot of the page: %s" % a.screenshot)
    return 0


if __name__ == "__main__":
    sys.exit(main())
