"""--record with --pty: the recording is an asciicast a terminal player
shows as the user saw it.  A resize before any output sets the header's
width and height, a later one is an "r" event "COLSxROWS" (and the shell
sees the size), typed input is "i", the terminal's output (its echo of
the input included) is "o", and asciinema cat prints exactly the bytes
the client received, and so does asciinema play (at 20 times the
speed), which plays the output events in time."""

import asyncio
import json

import websockets

from helpers import wait_log_line
from record_helpers import asciinema, asciinema_cat, payload, read_cast, wait_cast

PROG = 'read x; stty size; read y; stty size; echo "bye \\033[1mnow\\033[0m"'


def test_record_pty_session(wsinetd, tmp_path):
    rec = tmp_path / "rec"
    rec.mkdir()
    srv = wsinetd.socket_activate("--record", rec, "--pty", "exec:/bin/sh", "-c", PROG)

    async def run():
        async with websockets.connect(srv.url, ping_interval=None) as ws:
            got = bytearray()

            async def until(text):
                while text not in got:
                    got.extend(await asyncio.wait_for(ws.recv(), 10))
            await ws.send(json.dumps({"cols": 100, "rows": 30}))
            await ws.send(b"go\n")
            await until(b"30 100")
            await ws.send(json.dumps({"cols": 120, "rows": 40}))
            await ws.send(b"again\n")
            await until(b"40 120")
            await until(b"now")
            try:
                while True:
                    got.extend(await asyncio.wait_for(ws.recv(), 10))
            except websockets.ConnectionClosed:
                pass
            return bytes(got), ws.close_code
    got, code = asyncio.run(run())
    assert code == 1000, code
    (path,) = wait_cast(rec)
    wait_log_line(srv, '"GET /" 101', "rec=" + path.name)
    header, events = read_cast(path)
    assert (header["width"], header["height"]) == (100, 30)
    assert [e[2] for e in events if e[1] == "r"] == ["120x40"]
    assert payload(events, "i") == b"go\nagain\n"
    assert payload(events, "o") == got
    assert b"bye \x1b[1mnow\x1b[0m" in got
    assert asciinema_cat(path) == got
    assert asciinema("play", "-s", "20", path) == got
    r_at = next(e[0] for e in events if e[1] == "r")
    assert [e for e in events if e[1] == "o" and b"40 120" in e[2].encode()][0][0] >= r_at
