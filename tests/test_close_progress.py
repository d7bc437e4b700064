"""Regressions from the review of the relay loop: closing waits are bounded
by "no progress", not by a fixed time (a slow reader gets every byte), a
client that dies while we are not reading it is noticed, and a due ping
with no room does not spin the loop."""

import os
import subprocess
import socket
import struct
import threading
import time

from harness import children, proc_stat, wait_for

KEY = b"dGhlIHNhbXBsZSBub25jZQ=="
UPGRADE = (b"GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
           b"Sec-WebSocket-Key: " + KEY + b"\r\nSec-WebSocket-Version: 13\r\n\r\n")


def frame(op, payload, mask=b"\x01\x02\x03\x04"):
    n = len(payload)
    if n < 126:
        h = struct.pack("!BB", 0x80 | op, 0x80 | n)
    elif n < 65536:
        h = struct.pack("!BBH", 0x80 | op, 0x80 | 126, n)
    else:
        h = struct.pack("!BBQ", 0x80 | op, 0x80 | 127, n)
    return h + mask + bytes(c ^ mask[i % 4] for i, c in enumerate(payload))


def parse_frames(data):
    out, i = [], 0
    while i + 2 <= len(data):
        b0, n, j = data[i], data[i + 1] & 0x7f, i + 2
        if n == 126:
            n, j = struct.unpack("!H", data[j:j + 2])[0], j + 2
        elif n == 127:
            n, j = struct.unpack("!Q", data[j:j + 8])[0], j + 8
        if j + n > len(data):
            break
        out.append((b0 & 0xf, data[j:j + n]))
        i = j + n
    return out, data[i:]


def handler_pid(launcher_pid):
    kids = children(launcher_pid)
    return kids[0] if kids else None


def cpu_seconds(pid):
    fields = proc_stat(pid)
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def listener(family=socket.AF_INET, path=None):
    s = socket.socket(family)
    s.bind(path or ("127.0.0.1", 0))
    s.listen(4)
    return s


def test_slow_client_gets_everything_before_close(wsinetd, tmp_path):
    """Backend sends 300 kB and closes; the client reads 25 kB/s, and the
    kernel holds little for it (16 KiB send buffer on wsinetd's side, as
    on a slow link).  What is queued when the backend's EOF is read takes
    longer than the 3 s close bound to drain, yet every byte and then
    Close 1000 arrive.  inetd mode, so the test owns wsinetd's socket."""
    n = 300000
    bs = listener()

    def backend():
        c, _ = bs.accept()
        c.sendall(b"y" * n)
        c.shutdown(socket.SHUT_WR)
        c.settimeout(30)
        try:
            while c.recv(65536):
                pass
        except OSError:
            pass
        c.close()
    threading.Thread(target=backend, daemon=True).start()
    ls = listener()
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.connect(ls.getsockname())
    a, _ = ls.accept()
    a.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 16384)
    logpath = tmp_path / "inetd.log"
    with open(logpath, "wb") as log:
        p = subprocess.Popen([wsinetd.bin, "tcp:127.0.0.1:%d" % bs.getsockname()[1]],
                             stdin=a, stdout=a, stderr=log, env=wsinetd.env)
    a.close()
    try:
        s.sendall(UPGRADE)
        s.settimeout(10)
        data, t0, replied = bytearray(), time.monotonic(), False
        while time.monotonic() - t0 < 40:
            d = s.recv(4096)
            if not d:
                break
            data += d
            time.sleep(len(d) / 25000)
            frames, _ = parse_frames(bytes(data[data.index(b"\r\n\r\n") + 4:])) \
                if b"\r\n\r\n" in data else ([], b"")
            if frames and frames[-1][0] == 8 and not replied:
                s.sendall(frame(8, frames[-1][1]))
                replied = True
        assert p.wait(10) == 0
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
    frames, tail = parse_frames(bytes(data[data.index(b"\r\n\r\n") + 4:]))
    assert sum(len(pl) for op, pl in frames if op == 2) == n
    assert tail == b"" and frames[-1] == (8, b"\x03\xe8")
    text = logpath.read_text()
    assert "close=1000" in text and "dropped" not in text, text


def test_slow_unix_backend_gets_everything_after_client_close(wsinetd, tmp_path):
    """The client sends 300 kB and Close at once; the unix backend reads
    30 kB/s.  A unix socket is writable again only when 3/4 of its buffer
    is free, so writes pause for more than 3 s while the backend reads:
    its shrinking kernel queue counts as progress."""
    n, rate = 300000, 30000
    path = str(tmp_path / "slow.sock")
    bs = listener(socket.AF_UNIX, path)
    got = {}

    def backend():
        c, _ = bs.accept()
        c.settimeout(20)
        total = 0
        try:
            while True:
                d = c.recv(4096)
                if not d:
                    break
                total += len(d)
                time.sleep(len(d) / rate)
        except OSError as e:
            got["err"] = str(e)
        got["n"] = total
    th = threading.Thread(target=backend, daemon=True)
    th.start()
    srv = wsinetd.socket_activate("unix:" + path)
    s = socket.create_connection(("127.0.0.1", srv.port))
    s.sendall(UPGRADE + frame(2, b"z" * n) + frame(8, b"\x03\xe8"))
    s.settimeout(30)
    reply = b""
    while True:
        d = s.recv(4096)
        if not d:
            break
        reply += d
    th.join(30)
    assert got.get("n") == n, got
    assert reply.endswith(b"\x88\x02\x03\xe8")
    srv.wait_log("in=%d/1" % n)
    assert "dropped" not in srv.log()


def test_client_reset_noticed_while_backend_stalls(wsinetd):
    """The backend never reads, so wsinetd stops reading the client; the
    client then resets.  The handler must notice and exit, not wait for
    the backend forever."""
    bs = listener()
    held = []
    threading.Thread(target=lambda: held.append(bs.accept()[0]), daemon=True).start()
    srv = wsinetd.socket_activate("tcp:127.0.0.1:%d" % bs.getsockname()[1])
    s = socket.create_connection(("127.0.0.1", srv.port))
    s.sendall(UPGRADE)
    s.settimeout(5)
    assert s.recv(4096).startswith(b"HTTP/1.1 101")
    s.setblocking(False)
    f, t0 = frame(2, b"q" * 60000), time.monotonic()
    while time.monotonic() - t0 < 2:
        try:
            s.send(f)
        except BlockingIOError:
            time.sleep(0.05)
    pid = handler_pid(srv.proc.pid)
    assert pid is not None
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    s.close()
    log = srv.wait_log("close=", timeout=8)
    assert "close=1006" in log or "close=1011" in log, log


def test_due_ping_without_room_does_not_spin(wsinetd):
    """--ping-interval with a client that does not read while the backend
    streams: the handler must sleep in poll(), not spin on a past timer."""
    bs = listener()
    stop = time.monotonic() + 10

    def backend():
        c, _ = bs.accept()
        c.settimeout(0.5)
        while time.monotonic() < stop:
            try:
                c.send(b"x" * 4096)
            except socket.timeout:
                pass
            except OSError:
                break
    threading.Thread(target=backend, daemon=True).start()
    srv = wsinetd.socket_activate("--ping-interval", "1", "tcp:127.0.0.1:%d" % bs.getsockname()[1])
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.connect(("127.0.0.1", srv.port))
    s.sendall(UPGRADE)
    time.sleep(1.5)
    pid = wait_for(lambda: handler_pid(srv.proc.pid), what="handler process")
    t0 = cpu_seconds(pid)
    time.sleep(3)
    used = cpu_seconds(pid) - t0
    s.close()
    assert used < 0.5, "handler used %.2f s of CPU in 3 s while stalled" % used
