"""Driving the --pty terminal page (share/terminal/) in headless Chromium
through DevTools: typing keys, reading the screen's text and the page's
state.  Used by tests/integ/test_pty_chromium.py and, as a script, by
`make demo-terminal` (tests/demo_terminal.sh) to prove the page works.

    terminal_page.py --tmp DIR [--screenshot PNG] [--timeout S] URL
"""

import argparse
import asyncio
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "novnc"))
from novnc_stack import Stack  # noqa: E402

TEXT = "window.wsinetdTerminal ? window.wsinetdTerminal.text() : ''"
STATE = ("window.wsinetdTerminal ? window.wsinetdTerminal.state() : "
         "(document.getElementById('state') || {}).textContent")
SIZE = "[window.wsinetdTerminal.term.cols, window.wsinetdTerminal.term.rows]"
PROMPT = re.compile(r"[$#] ?$", re.M)


async def until(page, expr, done, timeout=20, what=None):
    """Evaluate expr until done(value); returns the value."""
    end = time.monotonic() + timeout
    last = None
    while time.monotonic() < end:
        try:
            last = await page.evaluate(expr)
        except RuntimeError as e:           # still loading
            last = str(e)
        if done(last):
            return last
        await asyncio.sleep(0.1)
    raise AssertionError("%s: last was %r" % (what or expr, last))


async def type_text(page, s):
    """Keys as a person types them: a keyDown with text per character
    (Chromium makes the keypress xterm.js reads), Enter for '\\r'."""
    for ch in s:
        if ch == "\r":
            await page.call("Input.dispatchKeyEvent", type="rawKeyDown", key="Enter",
                            code="Enter", windowsVirtualKeyCode=13)
            await page.call("Input.dispatchKeyEvent", type="char", text="\r")
            await page.call("Input.dispatchKeyEvent", type="keyUp", key="Enter",
                            code="Enter", windowsVirtualKeyCode=13)
        else:
            await page.call("Input.dispatchKeyEvent", type="keyDown", text=ch, key=ch,
                            unmodifiedText=ch)
            await page.call("Input.dispatchKeyEvent", type="keyUp", key=ch)


async def connected(page, timeout=30):
    """Wait for the page to say it is connected and the shell's prompt."""
    state = await until(page, STATE, lambda s: bool(s) and s.startswith("connected"),
                        timeout, "the page's state")
    await until(page, TEXT, lambda t: bool(t) and PROMPT.search(t), timeout, "a prompt")
    await page.evaluate("window.wsinetdTerminal.term.focus()")
    return state


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tmp", required=True)
    ap.add_argument("--screenshot")
    ap.add_argument("--timeout", type=float, default=45)
    ap.add_argument("url")
    a = ap.parse_args()
    stack = Stack(a.tmp)
    try:
        page = stack.chromium(a.url, size=(900, 600), timeout=a.timeout)

        async def go():
            async with page:
                state = await connected(page, a.timeout)
                await type_text(page, "echo terminal-$((6*7))\r")
                await until(page, TEXT, lambda t: re.search(r"^terminal-42\s*$", t, re.M),
                            a.timeout, "the command's output")
                cols, rows = await page.evaluate(SIZE)
                if a.screenshot:
                    await page.screenshot(a.screenshot)
                print("terminal page: %s, %d x %d, typed a command and read its output"
                      % (state, cols, rows))
        asyncio.run(go())
    finally:
        stack.close()


if __name__ == "__main__":
    main()
