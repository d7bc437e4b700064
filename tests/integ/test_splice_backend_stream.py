"""Backend -> client through splice(2) (src/backsplice.c): tcp: and unix:
backends, plain client, no --compress or --text.

The backend sends a 24 MiB stream in which every 8-byte word is its own
offset, in writes of random sizes (1 B to 200 KiB, so reads are large
enough to splice and small enough to switch back), then closes at once.
The client reads through a small receive buffer, pausing now and then, so
splices into its socket stop half way; and it sends a Ping every 40
frames, so Pongs are queued while a payload is in the pipe.  It checks:

- the payload, frame after frame, is the stream exactly: nothing lost,
  reordered or duplicated, up to the last byte before the backend closed;
- every Pong answers its Ping, in order, none missing but the Pings sent
  after wsinetd's Close, and no frame is malformed (a Pong
  written into the middle of a payload would break the framing);
- the Close is 1000, after all of it, and the access line counts exactly
  the bytes and frames received;
- the relay really spliced: strace attached to the handler sees splice()
  from the backend into a pipe and from the pipe into the client socket.
"""

import array
import random
import shutil
import struct
import subprocess
import time

import pytest

from harness import children, wait_for
from helpers import (OP_BIN, OP_CLOSE, OP_PING, OP_PONG, Backend, RawClient,
                     expect_accept, frame, wait_log_line)

TOTAL = 24 << 20


def stream_bytes():
    return array.array("Q", range(TOTAL // 8)).tobytes()


def sender(data):
    def handler(conn, backend):
        rnd = random.Random(20)
        off = 0
        while off < len(data):
            n = min(len(data) - off, rnd.choice((1, 100, 4096, 16384, 65536, 200000,
                                                 rnd.randrange(1, 200000))))
            conn.sendall(data[off:off + n])
            off += n
        conn.close()            # at once: what was sent must still arrive
    return handler


def attach_strace(pid, path):
    strace = shutil.which("strace")
    assert strace, "strace is installed by tests/deps.sh"
    p = subprocess.Popen([strace, "-qq", "-p", str(pid), "-e", "trace=splice", "-o", str(path)],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for(lambda: path.exists() or p.poll() is not None, what="strace to attach")
    time.sleep(0.2)
    return p


@pytest.mark.parametrize("kind", ["tcp", "unix"])
def test_spliced_stream_is_exact(wsinetd, tmp_path, kind):
    data = stream_bytes()
    b = Backend(sender(data), kind=kind, path=tmp_path / "back.sock")
    # LeakSanitizer cannot run in a process strace has attached to.
    srv = wsinetd.socket_activate(b.target, extra_env={
        "ASAN_OPTIONS": wsinetd.env["ASAN_OPTIONS"] + ":detect_leaks=0"})
    trace = tmp_path / "splice.trace"
    tracer = None
    try:
        c = RawClient.connect(srv.host, srv.port, rcvbuf=32768, timeout=30)
        expect_accept(c.handshake())
        wait_for(lambda: children(srv.proc.pid), what="the handler")
        pid = children(srv.proc.pid)[0]
        tracer = attach_strace(pid, trace)
        got = bytearray()
        frames = pings = pongs = 0
        code = None
        rnd = random.Random(5)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            f = c.read_frame()
            assert f is not None, "EOF after %d of %d bytes: %s" % (len(got), TOTAL, srv.log())
            fin, op, payload = f
            assert c.last_rsv == 0, "RSV bits set"
            if op == OP_BIN:
                assert fin, "backend data is one final frame per read"
                assert payload, "empty data frame"
                want = data[len(got):len(got) + len(payload)]
                assert payload == want, "frame %d at offset %d differs" % (frames, len(got))
                got += payload
                frames += 1
                if frames % 40 == 0:
                    c.send(frame(OP_PING, b"p%d" % pings))
                    pings += 1
                if rnd.random() < 0.02:
                    time.sleep(0.01)        # the client falls behind
            elif op == OP_PONG:
                assert payload == b"p%d" % pongs, (payload, pongs)
                pongs += 1
            elif op == OP_CLOSE:
                code = struct.unpack("!H", payload[:2])[0]
                break
            else:
                raise AssertionError("unexpected opcode %d" % op)
        assert len(got) == TOTAL, "%d of %d bytes before the Close" % (len(got), TOTAL)
        assert code == 1000, code
        # Pings that reach wsinetd after it decided to close (the backend
        # ended) get no Pong (RFC 6455 §5.5.1): only the last few may miss.
        assert 0 < pongs <= pings, (pongs, pings)
        c.send(frame(OP_CLOSE, struct.pack("!H", 1000)))
        c.read_to_eof(10)
        c.close()
        line = wait_log_line(srv, "wsinetd[", "close=1000")
        assert " out=%d/%d " % (TOTAL, frames) in line, (line, frames)
    finally:
        if tracer is not None and tracer.poll() is None:
            tracer.terminate()
            tracer.wait(5)
        b.close()
    assert not b.errors, b.errors
    # splice(IN, NULL, OUT, NULL, ...): the client is fd 3 (Accept=yes).
    calls = [ln.split("(", 1)[1].split(", ") for ln in trace.read_text().splitlines()
             if ln.startswith("splice(")]
    into_pipe = [a for a in calls if a[0] != "3" and a[2] != "3"]
    into_client = [a for a in calls if a[2] == "3"]
    assert into_pipe and into_client, "no splice both ways: %r" % calls[:10]
