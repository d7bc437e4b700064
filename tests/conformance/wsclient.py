"""A small raw-socket WebSocket client (RFC 6455) for conformance tests.

Written for testing, not for use: it can build any frame, legal or not
(reserved bits, reserved opcodes, unmasked frames, lying lengths,
fragmented control frames), deliver bytes in chosen chunks, and it checks
every frame the server sends against the server-side rules of RFC 6455:

  - server frames are not masked (section 5.1, 5.3);
  - RSV1-3 are zero (section 5.2), except RSV1 on the first frame of a
    message when permessage-deflate was negotiated (RFC 7692 section 6),
    whose messages are then inflated;
  - opcodes are defined ones (section 5.2);
  - control frames have FIN set and a payload of at most 125 bytes (5.5);
  - continuation frames continue something, and a new data frame does not
    start inside an unfinished message (5.4);
  - a Close payload is empty or a 2-byte code plus UTF-8 reason (5.5.1);
  - nothing follows the server's Close (5.5.1), and the server then closes
    the TCP connection (7.1.1).

A violation raises ServerViolation (an AssertionError), so a test fails.
Only the standard library is used.
"""

import base64
import hashlib
import os
import select
import socket
import struct
import time
import zlib

GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

OP_CONT = 0x0
OP_TEXT = 0x1
OP_BINARY = 0x2
OP_CLOSE = 0x8
OP_PING = 0x9
OP_PONG = 0xA
DATA_OPS = (OP_TEXT, OP_BINARY)
CONTROL_OPS = (OP_CLOSE, OP_PING, OP_PONG)
KNOWN_OPS = (OP_CONT,) + DATA_OPS + CONTROL_OPS

# Close codes a server may put in a Close frame (RFC 6455 7.4.1 and the
# IANA registry of 7.4.2); 1004, 1005, 1006 and 1015 must never be sent.
SENDABLE_CLOSE_CODES = set(range(1000, 1004)) | set(range(1007, 1015)) | set(range(3000, 5000))

DEFAULT_TIMEOUT = 10.0


class ServerViolation(AssertionError):
    """The server sent something RFC 6455 forbids."""


class Frame:
    __slots__ = ("fin", "rsv", "opcode", "masked", "payload")

    def __init__(self, fin, rsv, opcode, masked, payload):
        self.fin, self.rsv, self.opcode = fin, rsv, opcode
        self.masked, self.payload = masked, payload

    def __repr__(self):
        p = self.payload if len(self.payload) <= 40 else self.payload[:40] + b"..."
        return "Frame(fin=%d rsv=%d op=%d len=%d %r)" % (
            self.fin, self.rsv, self.opcode, len(self.payload), p)


def accept_key(key):
    """Sec-WebSocket-Accept for a Sec-WebSocket-Key (RFC 6455 4.2.2 item 5.4)."""
    if isinstance(key, str):
        key = key.encode("ascii")
    return base64.b64encode(hashlib.sha1(key + GUID).digest()).decode("ascii")


def mask_payload(key, data):
    """XOR data with the 4-byte key repeated (RFC 6455 5.3)."""
    n = len(data)
    if n == 0:
        return b""
    k = (key * (n // 4 + 1))[:n]
    return (int.from_bytes(data, "big") ^ int.from_bytes(k, "big")).to_bytes(n, "big")


def encode_length(n, form=None):
    """The 7-bit / 7+16-bit / 7+64-bit payload length field (RFC 6455 5.2).

    form None picks the minimal encoding; 7, 16 or 64 forces one."""
    if form is None:
        form = 7 if n <= 125 else 16 if n <= 0xFFFF else 64
    if form == 7:
        assert n <= 125
        return n, b""
    if form == 16:
        assert n <= 0xFFFF
        return 126, struct.pack("!H", n)
    return 127, struct.pack("!Q", n)


def build_frame(opcode, payload=b"", fin=True, rsv=0, mask=True, key=None,
                length=None, length_form=None):
    """Bytes of one frame.

    rsv is the 3-bit RSV1..RSV3 value (4 = RSV1, 2 = RSV2, 1 = RSV3).
    mask False sends the frame unmasked (illegal from a client).
    length overrides the declared payload length (a lie) and length_form
    forces the 7/16/64-bit length encoding."""
    if isinstance(payload, str):
        payload = payload.encode("utf-8")
    b0 = (0x80 if fin else 0) | ((rsv & 7) << 4) | (opcode & 0xF)
    declared = len(payload) if length is None else length
    l7, ext = encode_length(declared, length_form)
    if mask:
        if key is None:
            key = os.urandom(4)
        return bytes([b0, 0x80 | l7]) + ext + key + mask_payload(key, payload)
    return bytes([b0, l7]) + ext + payload


def close_payload(code=None, reason=b""):
    if isinstance(reason, str):
        reason = reason.encode("utf-8")
    if code is None:
        return reason
    return struct.pack("!H", code) + reason


def chunks_of(data, chop):
    """Split data by chop: None (whole), an int size, or a list of sizes
    (the last size repeats)."""
    if not chop:
        return [data]
    sizes = [chop] if isinstance(chop, int) else list(chop)
    out, i, k = [], 0, 0
    while i < len(data):
        n = sizes[min(k, len(sizes) - 1)]
        out.append(data[i:i + n])
        i += n
        k += 1
    return out or [b""]


class Closed:
    """What read_until_close() found."""

    def __init__(self):
        self.messages = []      # complete data messages before the Close
        self.pongs = []
        self.pings = []
        self.code = None        # None: the Close had no payload
        self.reason = b""
        self.partial = None     # (opcode, bytes) of an unfinished message
        self.close_frame = None

    def __repr__(self):
        return "Closed(code=%r reason=%r messages=%d pongs=%r partial=%r)" % (
            self.code, self.reason, len(self.messages), self.pongs,
            None if self.partial is None else (self.partial[0], len(self.partial[1])))


class WSClient:
    def __init__(self, sock, timeout=DEFAULT_TIMEOUT):
        self.sock = sock
        self.timeout = timeout
        sock.setblocking(False)
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            pass
        self._rbuf = bytearray()
        self._rpos = 0
        self.eof = False            # TCP FIN (or RST) from the server seen
        self.reset = False          # it was an RST
        self.send_failed = False    # the server stopped accepting bytes
        self.handshake_response = None
        # message reassembly (server -> client)
        self._frag_op = None
        self._frag_parts = []
        self.close_received = None  # Frame, once the server's Close came
        self.frames = []            # every frame received, for diagnostics
        self.close_sent = False     # send_frame() sent a Close (raw sends do not count)
        self.pongs_seen = []        # Pongs that recv_message() passed over
        self.extensions = None      # the server's Sec-WebSocket-Extensions
        self._frag_rsv1 = False     # the open message is compressed
        self._inflater = None       # RFC 7692 server-to-client context
        self.compressed_received = 0  # compressed messages from the server

    # ---------------------------------------------------------------- I/O

    def _read_some(self, timeout):
        """Wait up to timeout for bytes; False if nothing came in time."""
        if self.eof:
            return False
        r, _, _ = select.select([self.sock], [], [], max(timeout, 0))
        if not r:
            return False
        self._recv_ready()
        return True

    def _recv_ready(self):
        try:
            data = self.sock.recv(1 << 20)
        except BlockingIOError:
            return
        except ConnectionResetError:
            self.eof = self.reset = True
            return
        if not data:
            self.eof = True
        else:
            self._rbuf += data

    def _avail(self):
        return len(self._rbuf) - self._rpos

    def _take(self, n):
        b = bytes(self._rbuf[self._rpos:self._rpos + n])
        self._rpos += n
        if self._rpos > (1 << 20) and self._rpos * 2 > len(self._rbuf):
            del self._rbuf[:self._rpos]
            self._rpos = 0
        return b

    def _need(self, n, deadline, what):
        while self._avail() < n:
            if self.eof:
                return False
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError("timed out waiting for %s (have %d of %d bytes); "
                                     "frames so far: %r" % (what, self._avail(), n, self.frames[-5:]))
            self._read_some(left)
        return True

    def send_raw(self, data, chop=None, delay=0.0):
        """Send bytes, optionally in chunks (each a separate send(), with
        `delay` seconds between them).  While sending, whatever the server
        sends is read into the buffer, so a large echo cannot deadlock.
        Returns False if the server stopped taking bytes (reset / closed)."""
        if self.send_failed:
            return False
        parts = chunks_of(bytes(data), chop)
        for idx, part in enumerate(parts):
            view = memoryview(part)
            while view:
                rl = [] if self.eof else [self.sock]
                r, w, _ = select.select(rl, [self.sock], [], self.timeout)
                if r:
                    self._recv_ready()
                if w:
                    try:
                        n = self.sock.send(view)
                    except BlockingIOError:
                        continue
                    except (BrokenPipeError, ConnectionResetError):
                        self.send_failed = True
                        return False
                    view = view[n:]
                if not r and not w:
                    raise AssertionError("send stalled for %.0f s (server not reading)" % self.timeout)
            if delay and idx + 1 < len(parts):
                time.sleep(delay)
        return True

    # ---------------------------------------------------------- handshake

    def handshake(self, host="127.0.0.1", path="/", key=None, extra_headers=(),
                  pipeline=b"", extensions=None):
        """Send the opening handshake (RFC 6455 4.1) and check the answer
        (4.2.2).  pipeline bytes (e.g. a first frame) go in the same send.
        Bytes after the response header stay buffered as frame data."""
        if key is None:
            key = base64.b64encode(os.urandom(16)).decode("ascii")
        lines = ["GET %s HTTP/1.1" % path,
                 "Host: %s" % host,
                 "Upgrade: websocket",
                 "Connection: Upgrade",
                 "Sec-WebSocket-Key: %s" % key,
                 "Sec-WebSocket-Version: 13"]
        if extensions is not None:
            lines.append("Sec-WebSocket-Extensions: %s" % extensions)
        lines += list(extra_headers)
        req = ("\r\n".join(lines) + "\r\n\r\n").encode("ascii")
        self.send_raw(req + pipeline)
        deadline = time.monotonic() + self.timeout
        while True:
            buf = bytes(self._rbuf[self._rpos:])
            end = buf.find(b"\r\n\r\n")
            if end >= 0:
                break
            if self.eof:
                raise AssertionError("connection closed during handshake; got %r" % buf)
            if len(buf) > 65536:
                raise AssertionError("handshake response header too long")
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError("timed out waiting for the handshake response; got %r" % buf)
            self._read_some(left)
        head = self._take(end + 4).decode("iso-8859-1")
        self.handshake_response = head
        status, *hlines = head[:-4].split("\r\n")
        parts = status.split(" ", 2)
        assert len(parts) >= 2 and parts[0] == "HTTP/1.1" and parts[1] == "101", \
            "expected HTTP/1.1 101, got %r" % head
        headers = {}
        for line in hlines:
            name, sep, value = line.partition(":")
            assert sep, "malformed response header line %r" % line
            headers.setdefault(name.strip().lower(), []).append(value.strip())
        up = headers.get("upgrade", [])
        assert len(up) == 1 and up[0].lower() == "websocket", "Upgrade header: %r" % up
        conn_tokens = [t.strip().lower() for v in headers.get("connection", []) for t in v.split(",")]
        assert "upgrade" in conn_tokens, "Connection header: %r" % headers.get("connection")
        acc = headers.get("sec-websocket-accept", [])
        assert acc == [accept_key(key)], "Sec-WebSocket-Accept %r, expected %r" % (acc, accept_key(key))
        ext = headers.get("sec-websocket-extensions")
        if extensions is None:
            assert ext is None, "unrequested extension negotiated"
        elif ext is not None:
            assert len(ext) == 1 and ext[0].split(";")[0] == "permessage-deflate", ext
            self.extensions = ext[0]
            params = [p.strip() for p in ext[0].split(";")[1:]]
            bits = [int(p.split("=")[1]) for p in params if p.startswith("server_max_window_bits=")]
            self._server_bits = bits[0] if bits else 15
            self._server_no_context = "server_no_context_takeover" in params
        return headers

    # ------------------------------------------------------------- frames

    def send_frame(self, opcode, payload=b"", fin=True, rsv=0, mask=True, chop=None,
                   delay=0.0, **kw):
        if opcode == OP_CLOSE:
            self.close_sent = True
        return self.send_raw(build_frame(opcode, payload, fin=fin, rsv=rsv, mask=mask, **kw),
                             chop=chop, delay=delay)

    def send_text(self, text, **kw):
        if isinstance(text, str):
            text = text.encode("utf-8")
        return self.send_frame(OP_TEXT, text, **kw)

    def send_binary(self, data, **kw):
        return self.send_frame(OP_BINARY, data, **kw)

    def send_close(self, code=None, reason=b"", **kw):
        return self.send_frame(OP_CLOSE, close_payload(code, reason), **kw)

    def send_fragments(self, opcode, parts, chop=None):
        """One message as frames with the given payloads."""
        out = b""
        for i, p in enumerate(parts):
            out += build_frame(opcode if i == 0 else OP_CONT, p, fin=(i == len(parts) - 1))
        return self.send_raw(out, chop=chop)

    def recv_frame(self, timeout=None):
        """The next frame, or None at EOF.  Checks the server-side rules."""
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        if not self._need(2, deadline, "a frame header"):
            if self._avail():
                raise ServerViolation("connection closed inside a frame header: %r"
                                      % bytes(self._rbuf[self._rpos:]))
            return None
        b0, b1 = self._rbuf[self._rpos], self._rbuf[self._rpos + 1]
        l7 = b1 & 0x7F
        extlen = {126: 2, 127: 8}.get(l7, 0)
        masked = bool(b1 & 0x80)
        hlen = 2 + extlen + (4 if masked else 0)
        if not self._need(hlen, deadline, "a frame header"):
            raise ServerViolation("connection closed inside a frame header")
        hdr = self._take(hlen)
        if l7 == 126:
            n = struct.unpack("!H", hdr[2:4])[0]
            if n < 126:
                raise ServerViolation("server used a non-minimal 16-bit length %d" % n)
        elif l7 == 127:
            n = struct.unpack("!Q", hdr[2:10])[0]
            if n >> 63:
                raise ServerViolation("server sent a 64-bit length with the top bit set")
            if n <= 0xFFFF:
                raise ServerViolation("server used a non-minimal 64-bit length %d" % n)
        else:
            n = l7
        if not self._need(n, deadline, "a frame payload of %d bytes" % n):
            raise ServerViolation("connection closed inside a frame payload (%d of %d bytes)"
                                  % (self._avail(), n))
        payload = self._take(n)
        f = Frame(bool(b0 & 0x80), (b0 >> 4) & 7, b0 & 0xF, masked, payload)
        self.frames.append(f)
        if masked:
            raise ServerViolation("server frame is masked (RFC 6455 5.1): %r" % f)
        rsv1_ok = (self.extensions is not None and f.opcode in DATA_OPS and f.rsv == 4)
        if f.rsv and not rsv1_ok:
            raise ServerViolation("server frame has RSV bits without an extension: %r" % f)
        if f.opcode not in KNOWN_OPS:
            raise ServerViolation("server frame has a reserved opcode: %r" % f)
        if f.opcode in CONTROL_OPS:
            if not f.fin:
                raise ServerViolation("server sent a fragmented control frame: %r" % f)
            if n > 125:
                raise ServerViolation("server control frame longer than 125: %r" % f)
        if self.close_received is not None:
            raise ServerViolation("server sent a frame after its Close: %r" % f)
        return f

    def recv_event(self, timeout=None):
        """The next thing the server says, as a tuple:
        ("message", opcode, payload) for a complete data message,
        ("ping", payload), ("pong", payload), ("close", code, reason),
        ("eof",) if the TCP connection ended."""
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        while True:
            f = self.recv_frame(max(deadline - time.monotonic(), 0))
            if f is None:
                return ("eof",)
            if f.opcode == OP_PING:
                return ("ping", f.payload)
            if f.opcode == OP_PONG:
                return ("pong", f.payload)
            if f.opcode == OP_CLOSE:
                self.close_received = f
                code, reason = parse_close(f.payload)
                return ("close", code, reason)
            if f.opcode in DATA_OPS:
                if self._frag_op is not None:
                    raise ServerViolation("server started a new message inside a fragmented one: %r" % f)
                self._frag_rsv1 = f.rsv == 4
                if f.fin:
                    return ("message", f.opcode, self._inflate(f.payload))
                self._frag_op, self._frag_parts = f.opcode, [f.payload]
                continue
            # continuation
            if self._frag_op is None:
                raise ServerViolation("server sent a continuation frame with nothing to continue")
            self._frag_parts.append(f.payload)
            if f.fin:
                op, data = self._frag_op, b"".join(self._frag_parts)
                self._frag_op, self._frag_parts = None, []
                return ("message", op, self._inflate(data))

    def _inflate(self, payload):
        """RFC 7692 7.2.2 for a message the server compressed (RSV1)."""
        if not self._frag_rsv1:
            return payload
        self.compressed_received += 1
        if self._inflater is None or self._server_no_context:
            self._inflater = zlib.decompressobj(-self._server_bits)
        try:
            return self._inflater.decompress(payload + b"\x00\x00\xff\xff")
        except zlib.error as e:
            raise ServerViolation("server sent invalid DEFLATE data: %s" % e)

    def partial(self):
        if self._frag_op is None:
            return None
        return (self._frag_op, b"".join(self._frag_parts))

    def recv_message(self, timeout=None):
        """The next complete data message as (opcode, payload); pongs that
        arrive first are collected in self.pongs_seen.  Anything else
        (close, eof, ping) fails the test."""
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        while True:
            ev = self.recv_event(max(deadline - time.monotonic(), 0))
            if ev[0] == "message":
                return ev[1], ev[2]
            if ev[0] == "pong":
                self.pongs_seen.append(ev[1])
                continue
            raise AssertionError("expected a data message, got %r; frames: %r"
                                 % (ev, self.frames[-5:]))

    def expect_message(self, opcode, payload, timeout=None):
        if isinstance(payload, str):
            payload = payload.encode("utf-8")
        op, data = self.recv_message(timeout)
        assert op == opcode, "expected opcode %d, got %d" % (opcode, op)
        if data != payload:
            raise AssertionError("echo differs: sent %d bytes, got %d bytes; first difference at %s"
                                 % (len(payload), len(data), first_diff(payload, data)))
        return data

    def expect_pong(self, payload, timeout=None):
        ev = self.recv_event(timeout)
        assert ev == ("pong", payload), "expected pong %r, got %r" % (payload, ev)

    def read_until_close(self, timeout=None, reply=True):
        """Read until the server's Close, then check the server closes TCP
        and sends nothing after its Close.  Returns a Closed.

        Like a real client (5.5.1), if we have not sent a Close yet, we
        answer the server's Close with one (same code) unless reply is
        False; the server must close TCP either way."""
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        res = Closed()
        while True:
            ev = self.recv_event(max(deadline - time.monotonic(), 0))
            if ev[0] == "message":
                res.messages.append((ev[1], ev[2]))
            elif ev[0] == "pong":
                res.pongs.append(ev[1])
            elif ev[0] == "ping":
                res.pings.append(ev[1])
            elif ev[0] == "eof":
                raise AssertionError("TCP connection closed without a Close frame; "
                                     "messages %d, last frames %r" % (len(res.messages), self.frames[-5:]))
            else:
                res.code, res.reason = ev[1], ev[2]
                res.close_frame = self.close_received
                break
        res.partial = self.partial()
        if reply and not self.close_sent:
            self.close_sent = True
            self.send_raw(build_frame(OP_CLOSE, close_payload(res.code)))
        # RFC 6455 7.1.1: after the closing handshake the server closes TCP
        # first; after _Fail the WebSocket Connection_ (7.1.7) it closes at
        # once.  Either way no frame may follow its Close (5.5.1).
        while not self.eof:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError("server sent Close %r but did not close the TCP connection"
                                     % res.code)
            if self._avail():
                self.recv_frame(left)  # raises: frame after Close
            self._read_some(left)
        if self._avail():
            self.recv_frame(0)
        return res

    def expect_close(self, code, timeout=None, reply=True):
        """Read until the server's Close and TCP EOF; the Close must carry
        `code` (None: an empty Close payload)."""
        res = self.read_until_close(timeout, reply)
        assert res.code == code, "expected Close %r, got %r" % (code, res)
        return res

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


def parse_close(payload):
    """(code, reason) of a server Close payload, checking RFC 6455 5.5.1."""
    if len(payload) == 0:
        return None, b""
    if len(payload) == 1:
        raise ServerViolation("server Close payload of 1 byte: %r" % payload)
    code = struct.unpack("!H", payload[:2])[0]
    reason = payload[2:]
    if code not in SENDABLE_CLOSE_CODES:
        raise ServerViolation("server sent Close code %d, which must not be sent" % code)
    try:
        reason.decode("utf-8")
    except UnicodeDecodeError:
        raise ServerViolation("server Close reason is not UTF-8: %r" % reason)
    return code, reason


def first_diff(a, b):
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return "offset %d (sent 0x%02x, got 0x%02x)" % (i, x, y)
    return "offset %d (length)" % min(len(a), len(b))


def is_utf8(b):
    try:
        b.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def open_ws(server, timeout=DEFAULT_TIMEOUT, **kw):
    """TCP-connect to a fixture Server and do the opening handshake."""
    sock = server.connect()
    c = WSClient(sock, timeout)
    c.handshake(host="127.0.0.1:%d" % server.port, **kw)
    return c
