"""What --record does to the file, seen by strace: one openat in DIR's
descriptor with O_WRONLY|O_CREAT|O_EXCL|O_NOFOLLOW|O_CLOEXEC and mode
0600, writes of at most 64 KiB (the buffer), one fsync after the last
write, then close; and the relay's time offsets follow the session's
real time (a program that pauses a second between two lines)."""

import re

from helpers import OP_BIN, open_ws, answer_close, traced_echo, wait_log_line
from record_helpers import read_cast, wait_cast


def test_record_open_write_fsync_close(wsinetd, tmp_path):
    rec = tmp_path / "rec"
    rec.mkdir()
    trace = traced_echo(wsinetd, tmp_path, "openat,write,fsync,close", "--allow-root",
                        "--record", rec, "echo", payload=b"x" * 200000)
    m = re.search(r'openat\((\d+), "([^"]+\.cast)", '
                  r'O_WRONLY\|O_CREAT\|O_EXCL\|O_NOFOLLOW\|O_CLOEXEC, 0600\) = (\d+)', trace)
    assert m, trace
    name, fd = m.group(2), m.group(3)
    assert (rec / name).exists()
    calls = [re.sub(r"\s+", " ", ln.split(None, 1)[1]) for ln in trace.splitlines()
             if re.match(r"\d+ +(write|fsync|close)\(%s[,)]" % fd, ln)]
    writes = [c for c in calls if c.startswith("write(")]
    assert writes and calls[-2:] == ["fsync(%s) = 0" % fd, "close(%s) = 0" % fd], calls
    assert calls.count("fsync(%s) = 0" % fd) == 1
    for w in writes:
        n = int(w.rsplit("= ", 1)[1])
        assert 0 < n <= 65536, w
    assert sum(int(w.rsplit("= ", 1)[1]) for w in writes) == (rec / name).stat().st_size


def test_record_time_offsets(wsinetd, tmp_path):
    rec = tmp_path / "rec"
    rec.mkdir()
    srv = wsinetd.socket_activate("--record", rec, "--text", "exec:/bin/sh", "-c",
                                  "echo first; sleep 1; echo second")
    c = open_ws(srv)
    assert c.read_message()[1] == b"first"
    assert c.read_message()[1] == b"second"
    assert c.read_until_close()[1] == 1000
    answer_close(c, 1000)
    (path,) = wait_cast(rec)
    wait_log_line(srv, '"GET /" 101', "rec=" + path.name)
    _, events = read_cast(path)
    t = {e[2]: e[0] for e in events if e[1] == "o"}
    # The program starts just before the recording does: "second" comes
    # a second after it started, "first" right away (a loaded machine
    # may read either late).
    assert t["first\n"] < t["second\n"] and 0.7 < t["second\n"] < 5, events
