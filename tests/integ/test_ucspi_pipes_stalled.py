"""Pipes on fds 0 and 1 and a backend that stops reading: the end of the
client's input arrives while wsinetd is not reading it.  The test is the
UCSPI launcher itself here (PROTO=TCP, TCPREMOTEIP, and pipes), so it
can close the pipe at exactly that moment: it fills the pipe until
wsinetd, its buffers for the stalled backend full, takes no more, then
closes it with 64 KiB still inside.  On a pipe that is a POLLHUP, not a
hang-up of the client (POLLRDHUP does not exist for pipes): once the
backend reads again, every byte written reaches it, then its FIN, and
the access line says the client left without a Close (1006); meanwhile
wsinetd does not spin on the POLLHUP that stays.  Before,
the POLLHUP counted as the client gone, and the bytes in the pipe were
dropped."""

import fcntl
import os
import select
import subprocess
import threading
import time

from harness import ROOT_ARGS, wait_for
from helpers import OP_BIN, Backend, cpu_seconds, frame, upgrade_request

FRAME = 4096 - 8            # a frame of 4096 bytes: one atomic pipe write


def held_reader(conn, backend):
    """Read nothing until released, then count every byte until EOF."""
    backend.release.wait(30)
    for chunk in iter(lambda: conn.recv(65536), b""):
        backend.got += len(chunk)
    backend.eof = True


def test_ucspi_pipes_stalled(wsinetd, tmp_path):
    b = Backend(held_reader, kind="unix", path=tmp_path / "held.sock")
    b.release, b.got, b.eof = threading.Event(), 0, False
    to_ws, ws_in = None, None
    try:
        ws_in, to_ws = os.pipe()
        from_ws, ws_out = os.pipe()
        env = dict(wsinetd.env, PROTO="TCP", TCPREMOTEIP="192.0.2.7", TCPREMOTEPORT="4000")
        log = open(tmp_path / "wsinetd.log", "wb")
        p = subprocess.Popen([wsinetd.bin, *ROOT_ARGS, "-v", b.target], stdin=ws_in,
                             stdout=ws_out, stderr=log, env=env)
        os.close(ws_in)
        os.close(ws_out)
        ws_in = None
        os.write(to_ws, upgrade_request())
        head = b""
        while b"\r\n\r\n" not in head:
            assert select.select([from_ws], [], [], 10)[0], "no 101"
            head += os.read(from_ws, 4096)
        assert head.startswith(b"HTTP/1.1 101 "), head
        fcntl.fcntl(to_ws, fcntl.F_SETFL, os.O_NONBLOCK)
        one, sent, last = frame(OP_BIN, b"\xa5" * FRAME), 0, time.monotonic()
        assert len(one) == 4096
        while time.monotonic() - last < 1.0:      # until it takes nothing for 1 s
            try:
                os.write(to_ws, one)
                sent += FRAME
                last = time.monotonic()
            except BlockingIOError:
                time.sleep(0.01)
            assert sent < 256 << 20, "wsinetd never stopped reading"
        os.close(to_ws)                 # the client's FIN, as the launcher passes it
        to_ws = None
        # The POLLHUP stays: asked about again every turn, it would spin.
        cpu = cpu_seconds(p.pid)
        time.sleep(1.0)
        assert cpu_seconds(p.pid) - cpu < 0.3, "wsinetd spins on the pipe's POLLHUP"
        b.release.set()
        wait_for(lambda: b.eof, timeout=20, what="the backend's FIN")
        assert b.got == sent, "%d bytes written, %d reached the backend" % (sent, b.got)
        assert p.wait(10) == 0
        os.close(from_ws)
        text = (tmp_path / "wsinetd.log").read_text()
        assert '192.0.2.7:4000 "GET /" 101 target=%s in=%d/' % (b.target, sent) in text, text
        assert "close=1006" in text and "client hung up" not in text, text
    finally:
        b.release.set()
        for fd in (to_ws, ws_in):
            if fd is not None:
                os.close(fd)
        b.close()
