#!/usr/bin/python3
"""Compression bench: a text stream through wsinetd, with and without
--compress, from python3-websockets (which offers permessage-deflate, as
browsers do).  Reports bytes on the wire each way and wsinetd's CPU time
per MiB of payload, and appends the table to bench/results.md (BENCH_OUT).

The stream is JSON log lines (what a log tail or a JSON API sends): N
messages of about 4 KiB, echoed by `echo` and checked byte for byte.  The
wsinetd process's CPU comes from its launcher's cutime+cstime after the
connection ended (systemd-socket-activate reaps it).  Loopback only; every
wait is bounded.
"""

import asyncio
import json
import os
import random
import socket
import subprocess
import sys
import time

import websockets

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.environ.get("BENCH_OUT", os.path.join(ROOT, "bench", "results.md"))
QUICK = os.environ.get("BENCH_QUICK") == "1"      # a smoke test: tiny counts
MIB = int(os.environ.get("BENCH_COMPRESS_MIB", "2" if QUICK else "16"))
RUNS = 1 if QUICK else int(os.environ.get("BENCH_RUNS", "5"))
TICK = os.sysconf("SC_CLK_TCK")
RUN_AS = ["--user", "nobody"] if os.geteuid() == 0 else []   # as bench/run


def log_lines(total):
    """Deterministic JSON log lines, grouped into ~4 KiB text messages."""
    rnd = random.Random(7)
    paths = ["/api/v1/users", "/api/v1/orders", "/static/app.js", "/healthz"]
    msgs, size, cur = [], 0, []
    while size < total:
        line = json.dumps({"ts": 1700000000 + rnd.randrange(10 ** 6),
                           "level": rnd.choice(["info", "warn", "debug"]),
                           "path": rnd.choice(paths), "status": rnd.choice([200, 200, 304, 404]),
                           "ms": round(rnd.random() * 90, 3),
                           "req": "%016x" % rnd.getrandbits(64)})
        cur.append(line)
        if sum(len(x) + 1 for x in cur) >= 4096:
            m = "\n".join(cur)
            msgs.append(m)
            size += len(m)
            cur = []
    return msgs


class Counting(websockets.WebSocketClientProtocol):
    wire_in = 0
    wire_out = 0

    def connection_made(self, transport):
        write = transport.write

        def counted(data):
            self.wire_out += len(data)
            write(data)
        transport.write = counted
        super().connection_made(transport)

    def data_received(self, data):
        self.wire_in += len(data)
        super().data_received(data)


async def session(port, msgs):
    async with websockets.connect("ws://127.0.0.1:%d/" % port, max_size=None,
                                  create_protocol=Counting, ping_interval=None,
                                  open_timeout=30, close_timeout=30) as ws:
        for m in msgs:
            await asyncio.wait_for(ws.send(m), 30)
            got = await asyncio.wait_for(ws.recv(), 30)
            assert got == m, "echo differs"
        ext = [e.name for e in ws.extensions]
        await ws.close()
        return ext, ws.wire_out, ws.wire_in


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def children(pid):
    out = []
    for d in os.listdir("/proc"):
        try:
            if d.isdigit() and open("/proc/%s/stat" % d).read().rsplit(
                    ")", 1)[1].split()[1] == str(pid):
                out.append(d)
        except OSError:
            pass                        # gone while we looked
    return out


def child_cpu(pid):
    f = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
    return (int(f[13]) + int(f[14])) / TICK      # cutime + cstime


def one(args, msgs):
    port = free_port()
    launcher = subprocess.Popen(
        ["systemd-socket-activate", "--accept", "-l", "127.0.0.1:%d" % port,
         os.path.join(ROOT, "wsinetd"), *RUN_AS, *args, "echo"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        end = time.monotonic() + 10
        while time.monotonic() < end:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        time.sleep(0.3)                 # that probe's handler exits
        base = child_cpu(launcher.pid)
        ext, out, inn = asyncio.run(session(port, msgs))
        end = time.monotonic() + 10
        while time.monotonic() < end and children(launcher.pid):
            time.sleep(0.05)            # until the handler is reaped
        return ext, out, inn, child_cpu(launcher.pid) - base
    finally:
        launcher.terminate()
        launcher.wait(10)


def median(xs):
    xs = sorted(xs)
    return xs[len(xs) // 2]


def main():
    msgs = log_lines(MIB << 20)
    payload = sum(len(m) for m in msgs)
    rows = []
    for label, args in (("wsinetd", []), ("wsinetd --compress", ["--compress"])):
        res = [one(args, msgs) for _ in range(RUNS)]
        ext = res[0][0]
        want = ["permessage-deflate"] if args else []
        assert ext == want, "%s negotiated %r" % (label, ext)
        rows.append((label, median([r[1] for r in res]), median([r[2] for r in res]),
                     median([r[3] for r in res])))
    mib = payload / (1 << 20)
    lines = ["", "## Compression: a JSON log stream through `echo`", "",
             "%.1f MiB of JSON log lines in %d text messages of ~4 KiB, sent by "
             "python3-websockets (which offers permessage-deflate) and echoed; "
             "medians of %d runs. Wire bytes include frame headers; CPU is the "
             "wsinetd process's user+system time." % (mib, len(msgs), RUNS), "",
             "| server | client→wsinetd bytes | wsinetd→client bytes | × payload | "
             "wsinetd CPU ms per MiB |", "|---|---:|---:|---:|---:|"]
    for label, out, inn, cpu in rows:
        lines.append("| %s | %d | %d | %.3f | %.1f |" % (
            label, out, inn, inn / payload, cpu * 1000 / mib))
    text = "\n".join(lines) + "\n"
    sys.stdout.write(text)
    with open(OUT, "a") as f:
        f.write(text)


if __name__ == "__main__":
    main()
