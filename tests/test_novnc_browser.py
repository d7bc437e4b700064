"""The browser path with a real VNC server: Xvfb paints its root window a
known colour, x11vnc serves that display on loopback, and wsinetd under
systemd-socket-activate --accept serves Debian's noVNC (--web
/usr/share/novnc) and relays its WebSocket (/websockify, the default
target) to x11vnc with tcp:.  Headless Chromium opens vnc.html with
autoconnect; over the DevTools protocol the test reads noVNC's own state
(the `noVNC_connected` class, the status bar text) and pixels of its
canvas, which must be the colour of the X display, and then must follow
when the display changes colour (so the relay keeps working after the
first frame).  Then it clicks noVNC's Disconnect button, and the access
line must show that clean close.  The same stack is `make demo`
(tests/novnc/novnc_stack.py).
"""

import asyncio
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "novnc"))

from novnc_stack import SCREEN, TEST_COLOUR, TEST_RGB, Stack, drawn, novnc_url, watch_novnc  # noqa: E402

NOVNC = "/usr/share/novnc"
SECOND_COLOUR, SECOND_RGB = "#c04020", (0xc0, 0x40, 0x20)


def run_desktop(tmp_path, colour, start, browse, timeout):
    """Xvfb painted colour and x11vnc on it; start(vnc_port) -> the wsinetd
    server; browse(stack, page url of that server) -> what the page showed.
    On failure every log is printed.  Returns (srv, vnc_port, result)."""
    assert Path(NOVNC, "vnc.html").exists(), "Debian's novnc is needed: run tests/deps.sh"
    st = Stack(tmp_path / "stack")
    st.tmp.mkdir()
    srv = None
    try:
        st.xvfb()
        st.x("xsetroot", "-solid", colour)
        vnc = st.x11vnc()
        srv, url = start(vnc)
        try:
            return srv, vnc, asyncio.run(asyncio.wait_for(browse(st, url), timeout))
        except BaseException:
            for name in ("chromium", "x11vnc", "xvfb"):
                print("--- %s log:\n%s" % (name, st.log(name)[-3000:]))
            if srv:
                print("--- wsinetd log:\n" + srv.log()[-6000:])
            raise
    finally:
        st.close()          # Chromium, x11vnc, Xvfb (wsinetd: the fixture)


def test_novnc_browser(wsinetd, tmp_path):
    def start(vnc):
        srv = wsinetd.socket_activate("-v", "--web", NOVNC, "tcp:127.0.0.1:%d" % vnc)
        return srv, novnc_url("http://127.0.0.1:%d" % srv.port)

    async def browse(st, url):
        async with st.chromium(url) as page:
            first = await watch_novnc(page, drawn(TEST_RGB), 60)
            st.x("xsetroot", "-solid", SECOND_COLOUR)
            second = await watch_novnc(page, drawn(SECOND_RGB), 30)
            gone = await page.disconnect()
            return first, second, gone

    srv, vnc, (first, second, gone) = run_desktop(tmp_path, TEST_COLOUR, start, browse, 150)
    assert first["status"].startswith("Connected (unencrypted) to "), first
    assert first["canvas"] == list(SCREEN), first
    assert second["connected"], second
    assert gone["status"] == "Disconnected", gone
    # The WebSocket went to x11vnc.  On Disconnect noVNC 1.3 calls
    # WebSocket.close() with no code, so the browser's Close frame carries
    # no status, which the access line shows as 1005 (a clean close, where
    # a dropped connection would be 1006).
    log = srv.wait_log('"GET /websockify" 101 target=tcp:127.0.0.1:%d' % vnc, timeout=15)
    assert re.search(r'"GET /websockify" 101 target=tcp:127\.0\.0\.1:%d in=\d+/\d+ '
                     r'out=\d+/\d+ time=\S+ close=1005 ' % vnc, log), log[-6000:]
    # The page and its scripts came from --web.
    for asset in ("/vnc.html", "/app/ui.js", "/core/rfb.js"):
        assert '"GET %s' % asset in log, "%s not in wsinetd's log:\n%s" % (asset, log[-6000:])


def test_novnc_browser_token(wsinetd, tmp_path):
    """websockify's token plugin format: a noVNC link with
    path=websockify?token=NAME picks the VNC server from --token-file, with
    no default target (so the token, not a fallback, made it work)."""
    def start(vnc):
        tokens = tmp_path / "tokens"
        tokens.write_text("# websockify token file\nother: 127.0.0.1:1\ndesk: 127.0.0.1:%d\n" % vnc)
        srv = wsinetd.socket_activate("-v", "--web", NOVNC, "--token-file", tokens)
        return srv, novnc_url("http://127.0.0.1:%d" % srv.port, path="websockify%3Ftoken%3Ddesk")

    async def browse(st, url):
        async with st.chromium(url) as page:
            seen = await watch_novnc(page, drawn(SECOND_RGB), 60)
            await page.disconnect()
            return seen

    srv, vnc, seen = run_desktop(tmp_path, SECOND_COLOUR, start, browse, 120)
    assert seen["canvas"] == list(SCREEN), seen
    line = srv.wait_log('"GET /websockify?token=desk" 101 target=tcp:127.0.0.1:%d' % vnc, timeout=15)
    assert re.search(r'"GET /websockify\?token=desk" 101 target=tcp:127\.0\.0\.1:%d .* '
                     r'close=1005 route=token' % vnc, line), line[-6000:]
