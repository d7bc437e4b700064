"""The web terminal in a real browser (README "A web terminal"): headless
Chromium opens the shipped page (share/terminal/) served by --web
together with Debian's xterm.js (libjs-xterm, node-xterm), which connects
back to its own origin.  Keys are typed with DevTools key events into the
page; the terminal's text is read back from xterm.js; the window is
resized and `stty size` in the shell says the new size; the tab is closed
and the shell (bash, the session leader) dies of SIGHUP, its foreground
job's HUP trap writes a file, and nothing of the session is left.  (A
HUP trap in the interactive bash itself is not used: bash may see its
terminal's EOF first and exit 0 without running it.)"""

import asyncio
import re
import sys
import time
from pathlib import Path

import pytest

from harness import ROOT
from helpers import wait_log_line

sys.path.insert(0, str(ROOT / "tests" / "terminal"))
from terminal_page import SIZE, STATE, TEXT, Stack, connected, type_text, until  # noqa: E402

XTERM = "/usr/share/javascript/xterm"
XTERM_LIB = "/usr/share/nodejs/xterm/lib"
PAGE = ROOT / "share" / "terminal"


def session(sid):
    """The processes of session sid: (pid, name) pairs."""
    out = []
    for d in Path("/proc").iterdir():
        try:
            stat = (d / "stat").read_text()
        except (OSError, ValueError):
            continue
        name, rest = stat[stat.index("(") + 1:stat.rindex(")")], stat[stat.rindex(")") + 2:]
        if d.name.isdigit() and int(rest.split()[3]) == sid:
            out.append((int(d.name), name))
    return out


def test_pty_chromium(wsinetd, tmp_path):
    for d in (XTERM, XTERM_LIB):
        if not Path(d).is_dir():
            pytest.fail("%s is missing: run 'sh tests/deps.sh' (libjs-xterm, node-xterm)" % d)
    work = tmp_path / "shell"
    work.mkdir()
    srv = wsinetd.socket_activate("-v", "--pty", "--web", PAGE, "--web", XTERM,
                                  "--web", XTERM_LIB, "exec:/bin/bash", "--norc",
                                  "--noprofile", "-i")
    stack = Stack(tmp_path)
    try:
        page = stack.chromium("http://127.0.0.1:%d/" % srv.port, size=(900, 600))

        async def go():
            async with page:
                state = await connected(page)
                assert state == "connected to ws://127.0.0.1:%d/" % srv.port, state
                # A command typed in, its output read back from the screen.
                await type_text(page, "echo $$ > %s/pid; echo answer-$((6*7))\r" % work)
                await until(page, TEXT, lambda t: re.search(r"^answer-42\s*$", t, re.M),
                            what="the command's output")
                # The window shrinks: xterm.js fits, the page sends a resize.
                before = await page.evaluate(SIZE)
                await page.call("Emulation.setDeviceMetricsOverride", width=500, height=300,
                                deviceScaleFactor=1, mobile=False)
                cols, rows = await until(page, SIZE, lambda v: v and v != before,
                                         what="xterm.js to fit the new window")
                wait_log_line(srv, "terminal resized to %d columns, %d rows" % (cols, rows))
                await type_text(page, "stty size\r")
                await until(page, TEXT, lambda t: re.search(r"^%d %d\s*$" % (rows, cols), t,
                                                            re.M),
                            what="stty size saying %d %d" % (rows, cols))
                # A foreground job that traps SIGHUP, then the tab closes:
                # the terminal hangs up, the kernel sends the session leader
                # (bash) SIGHUP, and bash passes it on to its jobs.
                await type_text(page, "sh -c 'trap \"echo hup > %s/hup; exit 0\" HUP; "
                                "echo $$ > %s/job; while :; do sleep 1; done'\r"
                                % (work, work))
                end = time.monotonic() + 10
                while not (work / "job").exists() and time.monotonic() < end:
                    await asyncio.sleep(0.05)
                await page.call("Page.close")

        asyncio.run(go())
        pid = int((work / "pid").read_text())
        job = int((work / "job").read_text())
        end = time.monotonic() + 10
        while time.monotonic() < end and not (work / "hup").exists():
            time.sleep(0.05)
        assert (work / "hup").exists(), "the job got no SIGHUP:\n" + srv.log()[-3000:]
        assert (work / "hup").read_text() == "hup\n"
        wait_log_line(srv, "exec /bin/bash: killed by signal 1 (SIGHUP)")
        # Reaped, and nothing of the session left (the job's sleep too).
        while time.monotonic() < end and session(pid):
            time.sleep(0.05)
        assert not session(pid), "left of the session: %r" % session(pid)
        assert not Path("/proc/%d" % pid).exists() and not Path("/proc/%d" % job).exists()
        wait_log_line(srv, '"GET /" 101 target=exec:/bin/bash', "close=")
        assert '"GET /xterm.js" 200 target=web' in srv.log()
        assert '"GET /public/Terminal.js" 200 target=web' in srv.log()
    finally:
        stack.close()


def test_pty_chromium_reconnect(wsinetd, tmp_path):
    """The bar shows a close with its code and reason; Reconnect, hidden
    while connected, opens a new session: a new shell on a new terminal."""
    srv = wsinetd.socket_activate("--pty", "--web", PAGE, "--web", XTERM, "--web", XTERM_LIB,
                                  "exec:/bin/bash", "--norc", "--noprofile", "-i")
    stack = Stack(tmp_path)
    hidden = "document.getElementById('reconnect').hidden"
    try:
        page = stack.chromium("http://127.0.0.1:%d/" % srv.port, size=(900, 600))

        async def shell_pid():
            await type_text(page, "echo pid-$$\r")
            text = await until(page, TEXT, lambda t: re.search(r"^pid-\d+\s*$", t, re.M),
                               what="the shell's pid")
            return re.findall(r"^pid-(\d+)\s*$", text, re.M)[-1]

        async def go():
            async with page:
                await connected(page)
                assert await page.evaluate(hidden) is True
                first = await shell_pid()
                await type_text(page, "exit 3\r")
                state = await until(page, STATE, lambda s: s and s.startswith("disconnected"),
                                    what="the page to see the close")
                assert state == "disconnected (1011: backend failed)", state
                assert await page.evaluate(hidden) is False
                await page.evaluate("document.getElementById('reconnect').click()")
                await connected(page)
                assert await page.evaluate(hidden) is True
                second = await shell_pid()
                return first, second

        first, second = asyncio.run(go())
        assert first != second
        wait_log_line(srv, "exec /bin/bash: exited with status 3")
        assert srv.log().count('"GET /" 101 target=exec:/bin/bash') >= 1
    finally:
        stack.close()


def test_pty_chromium_ws_param_stays_home(wsinetd, tmp_path):
    """?ws= names a path on the page's own origin.  It was glued after
    location.host, so "?ws=@127.0.0.1:PORT/x" made the real host userinfo
    and the page opened its WebSocket, every key typed, to another
    server (black-box attack 2, F4).  Now ?ws= is resolved as a URL
    against the page: "@host:port/x" is a path on this server, and one
    that names another origin ("//host:port/x") is refused with a line
    in the bar; a plain path still connects."""
    import socket
    lure = socket.socket()
    lure.bind(("127.0.0.1", 0))
    lure.listen(4)
    lure.settimeout(0.5)
    srv = wsinetd.socket_activate("--pty", "--web", PAGE, "--web", XTERM, "--web", XTERM_LIB,
                                  "exec:/bin/bash", "--norc", "--noprofile", "-i")
    stacks = []

    def chromium(url):
        # One browser (and profile) per page: a second on one profile exits 21.
        d = tmp_path / ("browser%d" % len(stacks))
        d.mkdir()
        stacks.append(Stack(d))
        return stacks[-1].chromium(url, size=(900, 600))

    try:
        lport = lure.getsockname()[1]
        home = "connected to ws://127.0.0.1:%d/" % srv.port
        # "@host:port/x" is now a path here (resolved against the page);
        # "//host:port/x" names another origin: refused.
        for ws, want in (("@127.0.0.1:%d/x" % lport, home),
                         ("//127.0.0.1:%d/x" % lport, "?ws= must be a path on this server")):
            page = chromium("http://127.0.0.1:%d/?ws=%s" % (srv.port, ws))

            async def go():
                async with page:
                    return await until(page, STATE, lambda s: s and (
                        s.startswith(home) or "must be a path" in s),
                        what="the page to connect home or refuse ?ws=")

            state = asyncio.run(go())
            assert state.startswith(want), (ws, state)
            try:
                conn, _ = lure.accept()
                conn.close()
                raise AssertionError("the page connected to the lure for ?ws=" + ws)
            except socket.timeout:
                pass
        page = chromium("http://127.0.0.1:%d/?ws=/" % srv.port)

        async def home():
            async with page:
                return await connected(page)

        asyncio.run(home())
    finally:
        for st in stacks:
            st.close()
        lure.close()
