"""--record-max-bytes: the default is 64 MiB (--check says so), a value
below 64 KiB is a usage error (exit 64), and a recording that reaches the
limit stops with one log line while the session goes on: 600 KB of text
echoed with a limit of 65536 leaves a file of at most 65536 bytes made of
whole lines, which asciinema cat replays (a prefix of what was sent)."""

import asyncio
import re

import websockets

from helpers import random_text, wait_log_line
from record_helpers import asciinema_cat, payload, read_cast, wait_cast


def test_record_max_bytes_default_and_minimum(wsinetd, tmp_path):
    r = wsinetd.run("--check", "--record", tmp_path, "echo")
    assert r.returncode == 0, r.stderr
    assert "record %s max-bytes 67108864\n" % tmp_path in r.stdout.decode()
    r = wsinetd.run("--record", tmp_path, "--record-max-bytes", "65535", "echo")
    assert r.returncode == 64
    assert b"--record-max-bytes 65535: must be at least 65536" in r.stderr


def test_record_stops_at_max_bytes(wsinetd, tmp_path):
    rec = tmp_path / "rec"
    rec.mkdir()
    srv = wsinetd.socket_activate("--record", rec, "--record-max-bytes", "65536", "echo")
    msgs = [random_text(20000, i) for i in range(30)]

    async def run():
        async with websockets.connect(srv.url, max_size=None, ping_interval=None) as ws:
            got = []
            for m in msgs:
                await ws.send(m)
                got.append(await asyncio.wait_for(ws.recv(), 20))
            await ws.close()
            return got, ws.close_code
    got, code = asyncio.run(run())
    assert got == msgs and code == 1000
    (path,) = wait_cast(rec)
    line = wait_log_line(srv, '"GET /" 101 target=echo', "rec=" + path.name)
    assert re.search(r" in=600000/30 out=600000/30 ", line), line
    stops = [ln for ln in srv.log().splitlines() if "recording stopped" in ln]
    assert len(stops) == 1 and stops[0].endswith(
        "%s: reached --record-max-bytes 65536; recording stopped, the session goes on"
        % path.name), srv.log()
    assert 30000 < path.stat().st_size <= 65536
    _, events = read_cast(path)             # whole lines only
    sent = "".join(msgs).encode()
    i, o = payload(events, "i"), payload(events, "o")
    assert i and sent.startswith(i) and sent.startswith(o)
    assert asciinema_cat(path) == o
