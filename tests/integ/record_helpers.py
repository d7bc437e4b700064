"""What the --record cases share: reading a recording back (asciicast v2:
a header line, then [time, code, data] lines), the bytes of one direction,
and Debian's asciinema replaying a file exactly as a user would run it
(`asciinema cat` wants a terminal: it gets a pty as its controlling
terminal, its stdout is a file, so the bytes compared are its own)."""

import base64
import fcntl
import json
import os
import subprocess
import tempfile
import termios
import time
from pathlib import Path

from harness import wait_for


def casts(d):
    return sorted(p for p in Path(d).iterdir() if p.name.endswith(".cast"))


def wait_cast(d, n=1, timeout=10):
    """The n recordings in d once each has its final fsync'd form: the
    handler has exited (its access line) and the file has a header."""
    wait_for(lambda: len(casts(d)) >= n and all(p.stat().st_size > 0 for p in casts(d)),
             timeout, "%d recordings in %s" % (n, d))
    return casts(d)


def read_cast(path):
    """(header, [(time, code, data)]) of a recording; every line must parse."""
    lines = Path(path).read_bytes().decode("utf-8").splitlines()
    header = json.loads(lines[0])
    events = [tuple(json.loads(ln)) for ln in lines[1:]]
    times = [e[0] for e in events]
    assert times == sorted(times), "time offsets go backwards"
    return header, events


def payload(events, direction):
    """The bytes of one direction ("i" or "o"): text events as UTF-8,
    "ib"/"ob" events base64, in order."""
    out = bytearray()
    for _, code, data in events:
        if code == direction:
            out += data.encode("utf-8")
        elif code == direction + "b":
            out += base64.b64decode(data, validate=True)
    return bytes(out)


def asciinema_cat(path, timeout=20):
    """stdout of `asciinema cat PATH`, run on a pty of its own."""
    return asciinema("cat", path, timeout=timeout)


def asciinema(*args, timeout=20):
    """stdout of `asciinema ARGS...` (the last one the recording), run on
    a pty of its own."""
    master, slave = os.openpty()
    fd, out = tempfile.mkstemp(prefix="asciinema.", suffix=".out")
    os.close(fd)
    out = Path(out)
    try:
        with open(out, "wb") as f:
            p = subprocess.run(["asciinema", *map(str, args)], stdin=slave, stdout=f,
                               stderr=subprocess.PIPE, timeout=timeout,
                               start_new_session=True,
                               preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0))
        assert p.returncode == 0, p.stderr
        return out.read_bytes()
    finally:
        os.close(slave)
        os.close(master)
        out.unlink()
