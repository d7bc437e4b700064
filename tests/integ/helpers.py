"""Shared pieces for the integration cases in tests/integ/.

Each test_*.py file here is one case (STYLE.md habit 14): what the client
sends, what it must see, what the log must show.  This module holds what
they share: backends the tests run themselves (TCP and unix stream servers,
one thread per connection), a raw WebSocket client that speaks bytes (so a
test can send exactly what it wants, pipelined or malformed), xinetd, and a
few payload and /proc helpers.  Only loopback is ever used; every wait is
bounded in time.
"""

import asyncio
import base64
import contextlib
import functools
import hashlib
import os
import random
import re
import select
import shutil
import socket
import struct
import subprocess
import threading
import time
import zlib
from pathlib import Path

import websockets
from websockets.extensions import permessage_deflate

import harness
from harness import ROOT_ARGS, children, proc_stat, stop_group

free_port = harness.free_port     # the cases import it from here

GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
KEY = "dGhlIHNhbXBsZSBub25jZQ=="          # RFC 6455 §1.3
ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="   # its Sec-WebSocket-Accept

OP_CONT, OP_TEXT, OP_BIN, OP_CLOSE, OP_PING, OP_PONG = 0, 1, 2, 8, 9, 10

SIZES = [0, 1, 125, 126, 65535, 65536, 1 << 20, 4 << 20]


# ---------------------------------------------------------------- payloads

def sha(b):
    return hashlib.sha256(b).hexdigest()


def random_bytes(n, seed):
    return random.Random(seed).randbytes(n)


def random_text(n, seed):
    """A str whose UTF-8 encoding is exactly n bytes, mixing 1-4 byte chars.

    Past 64 KiB a random 64 KiB piece is repeated (generation stays fast).
    """
    piece = 1 << 16
    if n > piece:
        reps, rest = divmod(n, piece)
        return _random_text(piece, seed) * reps + _random_text(rest, seed + 1)
    return _random_text(n, seed)


def _random_text(n, seed):
    r = random.Random(seed)
    out, left = [], n
    pools = [(0x20, 0x7e), (0xa0, 0x7ff), (0x800, 0xd7ff), (0x10000, 0x10ffff)]
    while left > 0:
        width = r.randint(1, min(4, left))
        lo, hi = pools[width - 1]
        out.append(chr(r.randint(lo, hi)))
        left -= width
    s = "".join(out)
    assert len(s.encode()) == n
    return s


@functools.lru_cache(maxsize=None)
def messages(sizes=tuple(SIZES), seed=1):
    """[(kind, payload)] for every size, binary then text."""
    out = []
    for i, n in enumerate(sizes):
        out.append(("binary", random_bytes(n, seed * 1000 + i)))
        out.append(("text", random_text(n, seed * 1000 + 500 + i)))
    return out


# ---------------------------------------------------------------- backends

class Backend:
    """A stream server on loopback (tcp, unix path or unix abstract).

    handler(conn, backend) runs in its own thread per accepted connection and
    owns conn.  `target` is the wsinetd TARGET string that reaches it.
    """

    def __init__(self, handler, kind="tcp", path=None, host="127.0.0.1", rcvbuf=None, port=0):
        self.handler = handler
        self.kind = kind
        self.conns = []
        self.errors = []
        self.accepted = threading.Event()
        self.done = threading.Event()     # set when a handler returns
        self.lock = threading.Lock()
        if kind == "tcp":
            fam = socket.AF_INET6 if ":" in host else socket.AF_INET
            self.sock = socket.socket(fam, socket.SOCK_STREAM)
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            self.sock.bind((host, port))
            self.port = self.sock.getsockname()[1]
            h = "[%s]" % host if ":" in host else host
            self.target = "tcp:%s:%d" % (h, self.port)
        elif kind == "unix":
            self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            self.sock.bind(str(path))
            self.target = "unix:%s" % path
        elif kind == "abstract":
            name = "wsinetd-test-%d-%s" % (os.getpid(), os.urandom(4).hex())
            self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            self.sock.bind("\0" + name)
            self.target = "unix:@%s" % name
        else:
            raise ValueError(kind)
        if rcvbuf:      # inherited by accepted sockets; keeps bytes queued in wsinetd
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self._stop = False
        self.thread = threading.Thread(target=self._accept_loop, daemon=True)
        self.thread.start()

    def _accept_loop(self):
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            conn.settimeout(30)
            with self.lock:
                self.conns.append(conn)
            self.accepted.set()
            threading.Thread(target=self._run, args=(conn,), daemon=True).start()

    def _run(self, conn):
        try:
            self.handler(conn, self)
        except Exception as e:  # reported by the test through .errors
            self.errors.append(repr(e))
        finally:
            try:
                conn.close()
            except OSError:
                pass
            self.done.set()

    def close(self):
        self._stop = True
        self.sock.close()
        self.thread.join(2)
        with self.lock:
            for c in self.conns:
                try:
                    c.close()
                except OSError:
                    pass


def echo_handler(conn, backend):
    """Echo bytes until EOF, then close."""
    while True:
        b = conn.recv(1 << 16)
        if not b:
            return
        conn.sendall(b)


def record_handler(conn, backend):
    """Keep every byte received in backend.received; note EOF in backend.eof."""
    delay = getattr(backend, "read_delay", 0)
    if delay:
        time.sleep(delay)
    while True:
        b = conn.recv(1 << 16)
        if not b:
            backend.eof = True
            return
        backend.received += b


def recorder(**kw):
    b = Backend(record_handler, **kw)
    b.received = bytearray()
    b.eof = False
    return b


# ---------------------------------------------------------------- raw client

def mask_payload(data, mask):
    """RFC 6455 §5.3: XOR with the 4-byte mask, done as one big integer."""
    n = len(data)
    if n == 0:
        return b""
    m = (mask * (n // 4 + 1))[:n]
    return (int.from_bytes(data, "little") ^ int.from_bytes(m, "little")).to_bytes(n, "little")


def frame(opcode, payload=b"", fin=True, mask=True, rsv=0):
    """One frame as a client sends it (masked unless mask=False)."""
    if isinstance(payload, str):
        payload = payload.encode()
    b0 = (0x80 if fin else 0) | rsv | opcode
    n = len(payload)
    mbit = 0x80 if mask else 0
    if n < 126:
        hdr = struct.pack("!BB", b0, mbit | n)
    elif n < 65536:
        hdr = struct.pack("!BBH", b0, mbit | 126, n)
    else:
        hdr = struct.pack("!BBQ", b0, mbit | 127, n)
    if not mask:
        return hdr + payload
    key = os.urandom(4)
    return hdr + key + mask_payload(payload, key)


def close_frame(code=1000, reason=b"", mask=True):
    return frame(OP_CLOSE, struct.pack("!H", code) + reason, mask=mask)


def upgrade_request(path="/", host="localhost", key=KEY, version="13",
                    method="GET", proto="HTTP/1.1", extra=(), omit=()):
    """Bytes of an upgrade request; extra = [(name, value)], omit = names to leave out."""
    hdrs = [("Host", host), ("Upgrade", "websocket"), ("Connection", "Upgrade"),
            ("Sec-WebSocket-Key", key), ("Sec-WebSocket-Version", version)]
    hdrs = [(k, v) for k, v in hdrs if k.lower() not in {o.lower() for o in omit}]
    hdrs += list(extra)
    lines = ["%s %s %s" % (method, path, proto)] + ["%s: %s" % kv for kv in hdrs]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def parse_frames(data):
    """[(opcode, payload)] of the complete server frames in data, and the
    bytes of an incomplete one left at the end."""
    out, i = [], 0
    while i + 2 <= len(data):
        b0, n, j = data[i], data[i + 1] & 0x7f, i + 2
        if n == 126:
            if j + 2 > len(data):
                break
            n, j = struct.unpack("!H", data[j:j + 2])[0], j + 2
        elif n == 127:
            if j + 8 > len(data):
                break
            n, j = struct.unpack("!Q", data[j:j + 8])[0], j + 8
        if j + n > len(data):
            break
        out.append((b0 & 0x0f, data[j:j + n]))
        i = j + n
    return out, data[i:]


def cpu_seconds(pid):
    fields = proc_stat(pid)
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Response:
    def __init__(self, head):
        lines = head.decode("latin-1").split("\r\n")
        self.status_line = lines[0]
        parts = lines[0].split(" ", 2)
        self.version = parts[0]
        self.status = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        self.headers = {}
        for ln in lines[1:]:
            if ":" in ln:
                k, v = ln.split(":", 1)
                self.headers.setdefault(k.strip().lower(), []).append(v.strip())

    def header(self, name):
        v = self.headers.get(name.lower())
        return ", ".join(v) if v else None

    def __repr__(self):
        return "<Response %r %r>" % (self.status_line, self.headers)


class RawClient:
    """A WebSocket client over a plain socket, byte by byte under the test's control."""

    def __init__(self, sock, timeout=10):
        self.sock = sock
        self.sock.settimeout(timeout)
        self.buf = bytearray()
        self.eof = False
        self.response = None
        self.body = b""
        self._local = None
        self.pending = []                # control frames met inside a message
        self.last_rsv = 0                # RSV bits of the last frame read
        self._inflater = None            # permessage-deflate, server to client
        self.local                       # remembered while the socket is open

    @classmethod
    def connect(cls, host, port, timeout=10, rcvbuf=None):
        fam = socket.AF_INET6 if ":" in host else socket.AF_INET
        s = socket.socket(fam, socket.SOCK_STREAM)
        if rcvbuf:      # a small window keeps bytes queued inside wsinetd
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        s.settimeout(timeout)
        s.connect((host, port))
        return cls(s, timeout)

    @property
    def local(self):
        """"ip:port" of our end, the way wsinetd names its peer."""
        if self._local is None:
            name = self.sock.getsockname()
            self._local = "%s:%d" % name[:2] if isinstance(name, tuple) else repr(name)
        return self._local

    def send(self, data):
        self.sock.sendall(data)

    EOF_ERRORS = (ConnectionResetError,)    # errors that end the stream

    def _recv(self, n):
        return self.sock.recv(n)

    def _fill(self, want=1 << 16):
        if self.eof:
            return False
        try:
            b = self._recv(max(want, 1 << 16))
        except self.EOF_ERRORS:
            b = b""
        if not b:
            self.eof = True
            return False
        self.buf += b
        return True

    def read_response(self):
        """Read the status line and headers; a body (Content-Length) goes to .body."""
        while b"\r\n\r\n" not in self.buf:
            if len(self.buf) > 65536 or not self._fill():
                raise AssertionError("no complete HTTP response; got %r" % bytes(self.buf))
        i = self.buf.index(b"\r\n\r\n")
        head = bytes(self.buf[:i])
        del self.buf[:i + 4]
        self.response = Response(head)
        cl = self.response.header("content-length")
        if cl and self.response.status != 101:
            n = int(cl)
            while len(self.buf) < n and self._fill():
                pass
            self.body = bytes(self.buf[:n])
            del self.buf[:n]
        return self.response

    def handshake(self, request=None, extra_bytes=b"", **kw):
        """Send an upgrade request (plus any pipelined bytes in the same send)."""
        self.send((request or upgrade_request(**kw)) + extra_bytes)
        return self.read_response()

    def read_frame(self):
        """(fin, opcode, payload) of the next server frame; None at EOF."""
        while len(self.buf) < 2:
            if not self._fill():
                return None
        b0, b1 = self.buf[0], self.buf[1]
        assert not (b1 & 0x80), "server frame is masked: %r" % bytes(self.buf[:16])
        n = b1 & 0x7f
        off = 2
        if n == 126:
            need = 4
        elif n == 127:
            need = 10
        else:
            need = 2
        while len(self.buf) < need:
            if not self._fill():
                return None
        if n == 126:
            n = struct.unpack("!H", self.buf[2:4])[0]
            off = 4
        elif n == 127:
            n = struct.unpack("!Q", self.buf[2:10])[0]
            off = 10
        while len(self.buf) < off + n:
            if not self._fill(off + n - len(self.buf)):
                return None
        payload = bytes(self.buf[off:off + n])
        del self.buf[:off + n]
        self.last_rsv = b0 & 0x70
        return (bool(b0 & 0x80), b0 & 0x0f, payload)

    def read_message(self):
        """(opcode, payload) of the next data or control message; fragments joined.

        A Ping or Pong that arrives between the fragments of a message is
        returned after that message (RFC 6455 §5.4 allows it there); a Close
        there is returned at once and the unfinished message dropped.
        """
        if self.pending:
            return self.pending.pop(0)
        parts, first, rsv1 = [], None, False
        while True:
            f = self.read_frame()
            if f is None:
                return None
            fin, op, payload = f
            if op >= 8:
                if first is None or op == OP_CLOSE:   # a Close ends the message unfinished
                    return (op, payload)
                self.pending.append((op, payload))
                continue
            if first is None:
                first = op
                rsv1 = self.last_rsv == 0x40
            else:
                assert self.last_rsv == 0, "RSV bits on a continuation frame"
            parts.append(payload)
            if fin:
                data = b"".join(parts)
                return (first, self._inflate(data) if rsv1 else data)

    def _inflate(self, payload):
        """RFC 7692 §7.2.2 for a message the server compressed (RSV1),
        after the 101 agreed on permessage-deflate."""
        ext = self.response.header("sec-websocket-extensions") if self.response else None
        assert ext and ext.startswith("permessage-deflate"), "RSV1 without the extension"
        bits = 15
        for p in ext.split(";")[1:]:
            if p.strip().startswith("server_max_window_bits="):
                bits = int(p.split("=")[1])
        if self._inflater is None or "server_no_context_takeover" in ext:
            self._inflater = zlib.decompressobj(-bits)
        return self._inflater.decompress(payload + b"\x00\x00\xff\xff")

    def read_until_close(self, limit=1 << 30):
        """Read data until a Close frame: (bytes of binary/text data, close code or None).

        Pings are answered.  Returns code None if the stream ended without Close.
        """
        data = bytearray()
        while len(data) <= limit:
            m = self.read_message()
            if m is None:
                return bytes(data), None
            op, payload = m
            if op == OP_CLOSE:
                code = struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else 1005
                return bytes(data), code
            if op == OP_PING:
                self.send(frame(OP_PONG, payload))
            elif op in (OP_TEXT, OP_BIN):
                data += payload
        raise AssertionError("more than %d bytes before Close" % limit)

    def read_to_eof(self, timeout=5):
        """Everything left until the server closes the TCP connection."""
        end = time.monotonic() + timeout
        while not self.eof and time.monotonic() < end:
            self._fill()
        assert self.eof, "server did not close the connection within %ss" % timeout
        out = bytes(self.buf)
        self.buf.clear()
        return out

    def close(self):
        self.sock.close()


def backend_upgrade_head(conn):
    """A raw ws:// backend's side: read the upgrade request's head from
    conn.  Returns (head, bytes after it, the Sec-WebSocket-Accept value
    for its key), or None when conn closed first."""
    data = b""
    while b"\r\n\r\n" not in data:
        got = conn.recv(65536)
        if not got:
            return None
        data += got
    head, rest = data.split(b"\r\n\r\n", 1)
    key = [ln.split(b":", 1)[1].strip() for ln in head.split(b"\r\n")
           if ln.lower().startswith(b"sec-websocket-key:")][0]
    return head, rest, base64.b64encode(hashlib.sha1(key + GUID).digest())


def expect_accept(resp, key=KEY):
    """The 101 a correct server gives for `key`."""
    assert resp.status == 101, resp
    want = base64.b64encode(hashlib.sha1(key.encode() + GUID).digest()).decode()
    assert resp.header("sec-websocket-accept") == want, resp
    assert resp.header("upgrade").lower() == "websocket", resp
    assert "upgrade" in resp.header("connection").lower(), resp


# ---------------------------------------------------------------- clients

def ws_url(host, port, path="/"):
    h = "[%s]" % host if ":" in host else host
    return "ws://%s:%d%s" % (h, port, path)


async def check_echoes(ws, msgs, stream, timeout):
    """Send msgs on an open python3-websockets connection; check what
    comes back.

    stream=False (echo target): each message comes back whole, same type.
    stream=True (tcp:/unix: echo backends): the payload bytes come back in
    binary messages whose boundaries are not preserved; compare the stream.
    Returns the payload bytes received.
    """
    total = 0
    for kind, payload in msgs:
        want = payload if isinstance(payload, bytes) else payload.encode()
        await asyncio.wait_for(ws.send(payload), timeout)
        if not stream:
            got = await asyncio.wait_for(ws.recv(), timeout)
            assert type(got) is type(payload), (kind, len(want), type(got))
            got = got if isinstance(got, bytes) else got.encode()
            assert len(got) == len(want) and sha(got) == sha(want), \
                "%s message of %d bytes came back as %d bytes, different" % (
                    kind, len(want), len(got))
        else:
            got = bytearray()
            while len(got) < len(want):
                m = await asyncio.wait_for(ws.recv(), timeout)
                assert isinstance(m, bytes), \
                    "backend data must arrive as binary, got text %r" % m[:40]
                got += m
            assert len(got) == len(want), "%s %d: got %d bytes back" % (kind, len(want), len(got))
            assert sha(got) == sha(want), "%s message of %d bytes: stream differs" % (kind, len(want))
        total += len(got)
    return total


async def _echo_session(url, msgs, stream, timeout):
    """check_echoes() on a fresh connection; returns its local "ip:port"."""
    async with websockets.connect(url, max_size=None, compression=None,
                                  ping_interval=None, open_timeout=timeout,
                                  close_timeout=timeout, max_queue=None) as ws:
        local = "%s:%d" % tuple(ws.local_address[:2])
        await check_echoes(ws, msgs, stream, timeout)
        await ws.close()
        assert ws.close_code == 1000, ws.close_code
    return local


def echo_session(url, msgs, stream=False, timeout=20):
    return asyncio.run(_echo_session(url, msgs, stream, timeout))


def echo_all_targets(tmp_path, url_for, msgs, targets=("echo", "tcp", "unix", "abstract")):
    """Run one echo session per target kind.

    url_for(target) starts (or reuses) a launcher for `target` and returns the
    ws:// URL.  Backends are closed afterwards.
    """
    for t in targets:
        if t == "echo":
            echo_session(url_for("echo"), msgs)
            continue
        if t == "unix":
            b = Backend(echo_handler, kind="unix", path=tmp_path / "echo.sock")
        else:
            b = Backend(echo_handler, kind=t)
        try:
            echo_session(url_for(b.target), msgs, stream=True)
            assert not b.errors, b.errors
        finally:
            b.close()


# ---------------------------------------------------------------- launchers

class Xinetd:
    """xinetd run by the test itself with one UNLISTED service."""

    def __init__(self, wsinetd, server_args, port, wrap=()):
        """wrap: argv put before xinetd's (e.g. unshare for a private
        mount namespace)."""
        self.port = port
        d = wsinetd.tmp / ("xinetd-%d" % port)
        d.mkdir()
        self.conf = d / "xinetd.conf"
        self.pidfile = d / "xinetd.pid"
        self.logfile = d / "xinetd.log"
        env = " ".join("%s=%s" % (k, wsinetd.env[k]) for k in ("ASAN_OPTIONS", "UBSAN_OPTIONS"))
        self.conf.write_text(
            "defaults\n{\n\tinstances = 50\n}\n"
            "service wsinetd-test\n{\n"
            "\ttype = UNLISTED\n\tport = %d\n\tbind = 127.0.0.1\n"
            "\tsocket_type = stream\n\tprotocol = tcp\n\twait = no\n\tuser = root\n"
            "\tserver = %s\n\tserver_args = %s\n\tenv = %s\n}\n"
            % (port, wsinetd.bin, " ".join([*ROOT_ARGS, server_args]), env))
        self.proc = subprocess.Popen(
            [*wrap, "xinetd", "-dontfork", "-f", str(self.conf), "-pidfile", str(self.pidfile),
             "-filelog", str(self.logfile)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env=wsinetd.env, start_new_session=True)
        end = time.monotonic() + 10
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                break
            if "Started working: 1 available service" in self.log():
                return
            time.sleep(0.05)
        log = self.log()
        self.stop()
        raise AssertionError("xinetd did not start (exit %s):\n%s" % (self.proc.returncode, log))

    def log(self):
        try:
            return self.logfile.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def stop(self):
        stop_group(self.proc)


# ---------------------------------------------------------------- /proc

def vm_rss_kib(pid):
    for ln in Path("/proc/%d/status" % pid).read_text().splitlines():
        if ln.startswith("VmRSS:"):
            return int(ln.split()[1])
    raise AssertionError("no VmRSS for %d" % pid)


def wait_child(pid, timeout=5):
    """The single child of pid (the wsinetd handler under a launcher)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        c = children(pid)
        if c:
            return c[0]
        time.sleep(0.02)
    raise AssertionError("no child of %d appeared" % pid)


def build_tool(tmp_path_factory, name):
    """tests/tools/NAME.c compiled into a temporary directory: its path."""
    out = tmp_path_factory.mktemp(name) / name
    subprocess.run(["cc", "-std=gnu11", "-O1", "-Wall", "-Wextra", "-Werror", "-o", str(out),
                    str(harness.ROOT / "tests" / "tools" / (name + ".c"))], check=True)
    return str(out)


def waiting_in_accept(pid):
    """Is pid a resident parent's idle child, blocked in accept() on TCP?"""
    try:
        return Path("/proc/%d/wchan" % pid).read_text() == "inet_csk_accept"
    except OSError:
        return False


def handlers(parent):
    """Children of a resident parent (--listen, Accept=no) that have a
    connection: not the pre-forked ones waiting in accept()."""
    return [c for c in children(parent) if not waiting_in_accept(c)]


def wait_handler(parent, timeout=5):
    """The single child of a resident parent that has a connection."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        h = handlers(parent)
        if len(h) == 1:
            return h[0]
        time.sleep(0.02)
    raise AssertionError("no single handler among the children of %d: %r"
                         % (parent, children(parent)))


# Every stderr line: "wsinetd[PID]: 2026-12-04T20:31:05.123Z MESSAGE".
STDERR_LINE = re.compile(r"^wsinetd\[(\d+)\]: (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z) (.*)$")


def log_message(line):
    """MESSAGE of one stderr line, past its prefix and timestamp; fails
    the test when the line has not got them."""
    m = STDERR_LINE.match(line)
    assert m, "not a wsinetd stderr line (wsinetd[PID]: TIME MESSAGE): %r" % line
    return m.group(3)


def log_line(log, *parts):
    """The first log line that contains every one of parts, or None."""
    for ln in log.splitlines():
        if all(p in ln for p in parts):
            return ln
    return None


def handler_lines(srv):
    """(pid, text) of each line a handler wrote, leaving out the resident
    parent's own lines and the per-connection --allow-root warning."""
    out = []
    for ln in srv.log().splitlines():
        m = STDERR_LINE.match(ln)
        if m and int(m.group(1)) != srv.proc.pid and "--allow-root" not in ln:
            out.append((int(m.group(1)), m.group(3)))
    return out


def wait_log_line(server, *parts, timeout=5):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        ln = log_line(server.log(), *parts)
        if ln:
            return ln
        time.sleep(0.02)
    raise AssertionError("no log line with %r; log was:\n%s" % (parts, server.log()))


def refused(srv, request, status, peer_log=True):
    """Send request bytes; expect `status` before any upgrade and the
    connection closed, plus a log line naming the peer (ip:port) and status.
    Returns the Response."""
    c = RawClient.connect(srv.host, srv.port)
    peer = c.local
    c.send(request)
    r = c.read_response()
    assert r.status == status, "wanted %d, got %r (body %r)" % (status, r, c.body[:200])
    assert r.version == "HTTP/1.1", r
    c.read_to_eof()
    c.close()
    if peer_log:
        wait_log_line(srv, peer, str(status))
    return r


def open_ws(srv, **kw):
    """A RawClient past a successful upgrade."""
    c = RawClient.connect(srv.host, srv.port)
    expect_accept(c.handshake(**kw))
    return c


def answer_close(c, code):
    """Answer the server's Close (if the socket still takes it), wait for its
    EOF, and close our end so wsinetd's lingering close ends at once."""
    try:
        c.send(close_frame(code))
    except OSError:
        pass
    c.read_to_eof()
    c.close()


# ---------------------------------------------------------------- PROXY protocol

PROXY_V2_SIG = b"\r\n\r\n\0\r\nQUIT\n"


class Haproxy:
    """Debian's haproxy in the foreground, one TCP frontend on 127.0.0.1
    relaying to `server` (host, port) with `send` (send-proxy-v2 or
    send-proxy) on the server line."""

    def __init__(self, tmp, server, send="send-proxy-v2"):
        self.port = free_port()
        d = Path(tmp) / ("haproxy-%d" % self.port)
        d.mkdir()
        conf = d / "haproxy.cfg"
        conf.write_text(
            "global\n\tmaxconn 100\n"
            "defaults\n\tmode tcp\n\ttimeout connect 5s\n\ttimeout client 30s\n"
            "\ttimeout server 30s\n"
            "frontend fe\n\tbind 127.0.0.1:%d\n\tdefault_backend be\n"
            "backend be\n\tserver ws %s:%d %s\n" % (self.port, server[0], server[1], send))
        self.logpath = d / "haproxy.log"
        self._log = open(self.logpath, "wb")
        self.proc = subprocess.Popen(["haproxy", "-db", "-f", str(conf)],
                                     stdin=subprocess.DEVNULL, stdout=self._log,
                                     stderr=self._log, start_new_session=True)
        end = time.monotonic() + 10
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                break
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise AssertionError("haproxy did not start (exit %s):\n%s"
                             % (self.proc.returncode, self.logpath.read_text(errors="replace")))

    def stop(self):
        stop_group(self.proc)
        self._log.close()


def connect_from(host, port, source):
    """A RawClient whose socket is bound to `source` (e.g. 127.0.0.2), so a
    log line can tell the client's address from the proxy's."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind((source, 0))
    s.settimeout(10)
    s.connect((host, port))
    return RawClient(s)


# ---------------------------------------------------------------- compression

def deflate(data, wbits=15, level=6):
    """A permessage-deflate payload (RFC 7692 §7.2.1): raw DEFLATE,
    sync-flushed, without the trailing 00 00 ff ff."""
    c = zlib.compressobj(level, zlib.DEFLATED, -wbits)
    out = c.compress(data) + c.flush(zlib.Z_SYNC_FLUSH)
    assert out.endswith(b"\x00\x00\xff\xff")
    return out[:-4]


def inflate(payload, wbits=15):
    d = zlib.decompressobj(-wbits)
    return d.decompress(payload + b"\x00\x00\xff\xff")


PMD_OFFER = ("Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits")


class CountingProtocol(websockets.WebSocketClientProtocol):
    """python3-websockets' client protocol, counting the bytes on the wire."""

    wire_in = 0

    def data_received(self, data):
        self.wire_in += len(data)
        super().data_received(data)


async def _pmd_session(url, msgs, stream, timeout, params):
    factory = permessage_deflate.ClientPerMessageDeflateFactory(**params)
    async with websockets.connect(url, max_size=None, compression=None,
                                  extensions=[factory], create_protocol=CountingProtocol,
                                  ping_interval=None, open_timeout=timeout,
                                  close_timeout=timeout, max_queue=None) as ws:
        # The extension must really be in use, or the test proves nothing.
        assert len(ws.extensions) == 1 and ws.extensions[0].name == "permessage-deflate", \
            ws.extensions
        payload_in = await check_echoes(ws, msgs, stream, timeout)
        await ws.close()
        assert ws.close_code == 1000, ws.close_code
        return ws.extensions[0], payload_in, ws.wire_in


def pmd_session(url, msgs, stream=False, timeout=30, **params):
    """Send msgs through python3-websockets with permessage-deflate offered
    with params; check what comes back (as echo_session).  Returns the
    negotiated extension, payload bytes received and wire bytes received."""
    return asyncio.run(_pmd_session(url, msgs, stream, timeout, params))


# ---------------------------------------------------------------- routes

def tag_handler(conn, backend):
    """Say backend.tag first, then echo: which backend a route reached."""
    conn.sendall(backend.tag)
    echo_handler(conn, backend)


def tagged(make_backend, tag):
    b = make_backend(tag_handler)
    b.tag = tag
    return b


def reached(srv, path="/", host="localhost"):
    """Open a WebSocket at path with Host: host; return the first binary
    message (a tagged backend's name) after checking an echo, or the HTTP
    status when the upgrade is refused."""
    c = RawClient.connect(srv.host, srv.port)
    try:
        r = c.handshake(path=path, host=host)
        if r.status != 101:
            return r.status
        expect_accept(r)
        op, tag = c.read_message()
        assert op == OP_BIN, (op, tag)
        c.send(frame(OP_BIN, b"ping " + tag))
        assert c.read_message() == (OP_BIN, b"ping " + tag)
        c.send(close_frame(1000))
        c.read_until_close()
        return tag
    finally:
        c.close()


# ---------------------------------------------------------------- signals

def launcher_exit_codes(srv):
    """Exit statuses of the handlers systemd-socket-activate reaped, in order
    ("Child N died with code X")."""
    return [int(m.group(1)) for m in re.finditer(r"Child \d+ died with code (\d+)", srv.log())]


def catches(pid, sig):
    """Has pid installed a handler for sig (SigCgt in /proc/PID/status)?"""
    try:
        status = Path("/proc/%d/status" % pid).read_text()
    except OSError:
        return False
    cgt = [ln.split()[1] for ln in status.splitlines() if ln.startswith("SigCgt:")]
    return bool(cgt) and bool(int(cgt[0], 16) & (1 << (sig - 1)))


def signal_handler(srv, sig):
    """Send sig to the one wsinetd handler running under srv's launcher,
    once it catches sig (a process still starting would just die);
    returns the monotonic time it was sent."""
    pid = wait_child(srv.proc.pid)
    harness.wait_for(lambda: catches(pid, sig), what="pid %d to catch signal %d" % (pid, sig))
    t = time.monotonic()
    os.kill(pid, sig)
    return t


# ---------------------------------------------------------------- a backend that never answers

@contextlib.contextmanager
def unanswered_port():
    """A loopback port whose connects neither succeed nor fail: a listen(0)
    socket that never accepts, its accept queue filled first so that the
    kernel drops further SYNs.  Yields the port; the SYN that found the
    queue full is withdrawn, so any SYN then in flight is the caller's."""
    lst = socket.socket()
    lst.bind(("127.0.0.1", 0))
    lst.listen(0)
    port = lst.getsockname()[1]
    fillers = []
    try:
        for _ in range(8):
            s = socket.socket()
            s.setblocking(False)
            fillers.append(s)
            s.connect_ex(("127.0.0.1", port))
            if not select.select([], [s], [], 0.3)[1]:
                break          # this SYN was dropped: the queue is full
        else:
            raise AssertionError("could not fill the accept queue")
        fillers.pop().close()
        yield port
    finally:
        for s in fillers:
            s.close()
        lst.close()


def traced_env(env):
    """env for a wsinetd run under strace: LeakSanitizer cannot run under
    ptrace (the untraced cases check the sanitizer build for leaks)."""
    return dict(env, ASAN_OPTIONS=env.get("ASAN_OPTIONS", "") + ":detect_leaks=0")


def traced_echo(wsinetd, tmp_path, calls, *args, payload=b"\x00traced\xff"):
    """wsinetd ARGS in inetd mode on a socketpair under `strace -f -e
    trace=CALLS` (as given: it runs as root and drops itself if ARGS say
    so; no seccomp, whose traps strace would report too): one upgrade, one
    binary echo of payload, Close 1000, exit 0.  Returns the trace's text."""
    strace = shutil.which("strace")
    assert strace, "strace is installed by tests/deps.sh"
    trace = tmp_path / "trace"
    ours, theirs = socket.socketpair()
    p = subprocess.Popen([strace, "-f", "-qq", "-e", "trace=" + calls, "-o", str(trace),
                          wsinetd.bin, "--no-seccomp", *args],
                         stdin=theirs.fileno(), stdout=theirs.fileno(),
                         stderr=subprocess.PIPE, env=traced_env(wsinetd.env))
    theirs.close()
    socketpair_echo(p, ours, payload)
    return trace.read_text()


def socketpair_echo(p, ours, payload, before=None):
    """On our end of the socketpair wsinetd process p was started on
    (inetd mode): before() first if given, then one upgrade, one binary
    echo of payload, Close 1000, and p's exit 0; p is killed if any of it
    fails."""
    try:
        if before:
            before()
        c = RawClient(ours, timeout=20)
        expect_accept(c.handshake())
        c.send(frame(OP_BIN, payload))
        assert c.read_message() == (OP_BIN, payload)
        c.send(close_frame(1000))
        assert c.read_until_close() == (b"", 1000)
        c.close()
        assert p.wait(20) == 0, p.stderr.read()
    finally:
        if p.poll() is None:
            p.kill()
            p.wait(5)
