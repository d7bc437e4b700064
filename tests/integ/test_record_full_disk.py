"""A recording that cannot be written ends, the session does not: DIR is
a 64 KiB tmpfs (mounted in a mount namespace of the server's own, seen
from here through /proc/PID/root) and a session echoes 1 MiB, whose
recording would be nearly 3 MiB.  The client gets every byte back and a
Close 1000; the log has one line saying the recording stopped and why,
the access line still names the file, and what reached the disk is whole
lines (the one the disk cut is cut off), which asciinema cat plays."""

import asyncio
import json
from pathlib import Path

import websockets

from helpers import random_bytes, wait_log_line
from record_helpers import asciinema_cat

MOUNT = 'mount -t tmpfs -o size=64k,mode=0700 tmpfs "$0" && exec "$@"'


def test_record_full_disk_ends_recording_not_session(wsinetd, tmp_path):
    rec = tmp_path / "rec"
    rec.mkdir()
    srv = wsinetd.listen("--record", rec, "echo",
                         wrapper=["unshare", "-m", "--propagation", "private",
                                  "sh", "-c", MOUNT, str(rec)])
    data = [random_bytes(64 << 10, i) for i in range(16)]

    async def run():
        async with websockets.connect(srv.url, max_size=None, ping_interval=None) as ws:
            got = []
            for m in data:
                await ws.send(m)
                got.append(await asyncio.wait_for(ws.recv(), 20))
            await ws.close()
            return got, ws.close_code
    got, code = asyncio.run(run())
    assert got == data and code == 1000
    line = wait_log_line(srv, '"GET /" 101 target=echo', "rec=")
    name = line.rsplit("rec=", 1)[1].split()[0]
    stops = [ln for ln in srv.log().splitlines() if "recording stopped" in ln]
    assert len(stops) == 1, srv.log()
    assert "%s/%s: write: No space left on device; recording stopped, the session goes on" \
        % (rec, name) in stops[0], stops
    # The server's own view of DIR: the tmpfs.
    inside = Path("/proc/%d/root" % srv.proc.pid) / str(rec).lstrip("/") / name
    body = inside.read_bytes()
    assert 0 < len(body) <= 64 << 10 and body.endswith(b"\n")
    lines = body.split(b"\n")[:-1]
    assert json.loads(lines[0])["version"] == 2
    for ln in lines[1:]:
        assert json.loads(ln)[1] in ("ib", "ob")
    assert asciinema_cat(inside) == b""      # nothing but binary output
    assert not list(rec.iterdir()), "the tmpfs was not the server's alone"
