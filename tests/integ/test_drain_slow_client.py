"""Backend sends 300 kB and closes; the client reads 25 kB/s and the kernel
holds little for it (16 KiB send buffer on wsinetd's side, as on a slow
link).  Draining what was queued when the backend's EOF was read takes
longer than the 3 s close bound, yet every byte and then Close 1000 arrive:
the bound is 3 s without progress, not 3 s in all.

inetd mode, so the test owns wsinetd's end of the TCP connection."""

import socket
import subprocess
import time

from harness import ROOT_ARGS
from helpers import OP_BIN, OP_CLOSE, close_frame, parse_frames, upgrade_request

N = 300000


def send_and_close(conn, b):
    conn.sendall(b"y" * N)
    conn.shutdown(socket.SHUT_WR)
    while conn.recv(65536):
        pass


def test_drain_slow_client(wsinetd, backend, tmp_path):
    b = backend(send_and_close)
    ls = socket.create_server(("127.0.0.1", 0))
    cli = socket.socket()
    cli.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    cli.connect(ls.getsockname())
    ours, _ = ls.accept()
    ls.close()
    ours.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 16384)
    logpath = tmp_path / "inetd.log"
    with open(logpath, "wb") as log:
        p = subprocess.Popen([wsinetd.bin, *ROOT_ARGS, b.target], stdin=ours, stdout=ours,
                             stderr=log, env=wsinetd.env)
    ours.close()
    try:
        cli.sendall(upgrade_request())
        cli.settimeout(10)
        data, t0, answered = bytearray(), time.monotonic(), False
        while time.monotonic() - t0 < 40:
            d = cli.recv(4096)
            if not d:
                break
            data += d
            time.sleep(len(d) / 25000)
            if not answered and b"\r\n\r\n" in data:
                frames, _ = parse_frames(bytes(data[data.index(b"\r\n\r\n") + 4:]))
                if frames and frames[-1][0] == OP_CLOSE:
                    cli.sendall(close_frame(1000))
                    answered = True
        assert p.wait(10) == 0
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
    frames, tail = parse_frames(bytes(data[data.index(b"\r\n\r\n") + 4:]))
    assert sum(len(pl) for op, pl in frames if op == OP_BIN) == N
    assert tail == b"" and frames[-1] == (OP_CLOSE, b"\x03\xe8")
    text = logpath.read_text()
    assert "close=1000" in text and "dropped" not in text, text
