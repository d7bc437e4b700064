"""What the --web cases (tests/integ/test_web_*.py, tests/tls/test_web_tls.py)
share: a document tree with known bytes, and an HTTP/1.1 client over a raw
socket that reads exactly what the server sent (status line, headers, and a
body of exactly Content-Length bytes, or none for HEAD and 304), so a test
can pipeline requests and check every byte.

Only loopback; every read is bounded by the socket timeout.
"""

import os
import socket
from pathlib import Path


def make_tree(root):
    """A small site under root (created); returns {relative path: bytes}."""
    root = Path(root)
    files = {
        "index.html": b"<!doctype html><title>top</title>\n",
        "app/ui.js": b"export const x = 1;\n",
        "app/index.html": b"<!doctype html><title>app</title>\n",
        "app/styles/base.css": b"body { margin: 0 }\n",
        "noindex/file.txt": b"plain text\n",
        "a b.txt": b"space in the name\n",
        "empty.txt": b"",
    }
    for rel, data in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
    return files


class Resp:
    def __init__(self, head, body):
        lines = head.decode("latin-1").split("\r\n")
        self.status_line = lines[0]
        self.version, status = lines[0].split(" ", 2)[:2]
        self.status = int(status)
        self.headers = {}
        self.head = head
        for ln in lines[1:]:
            k, _, v = ln.partition(":")
            self.headers.setdefault(k.strip().lower(), []).append(v.strip())
        self.body = body

    def header(self, name):
        v = self.headers.get(name.lower())
        return ", ".join(v) if v else None

    def __repr__(self):
        return "<Resp %r %r body %d bytes>" % (self.status_line, self.headers,
                                               len(self.body))


class Http:
    """One HTTP connection; send() bytes, response() reads one response."""

    def __init__(self, sock, timeout=10):
        self.sock = sock
        self.sock.settimeout(timeout)
        self.buf = bytearray()

    @classmethod
    def connect(cls, srv, timeout=10):
        return cls(socket.create_connection((srv.host, srv.port), timeout=timeout),
                   timeout)

    @property
    def local(self):
        return "%s:%d" % self.sock.getsockname()[:2]

    def send(self, data):
        self.sock.sendall(data)

    def _fill(self):
        b = self.sock.recv(1 << 20)
        if not b:
            raise EOFError("server closed; have %r" % bytes(self.buf[:200]))
        self.buf += b

    def response(self, head=False):
        """The next response; head=True: a HEAD's, which has no body."""
        while b"\r\n\r\n" not in self.buf:
            assert len(self.buf) < 65536, bytes(self.buf[:200])
            self._fill()
        i = self.buf.index(b"\r\n\r\n")
        hd = bytes(self.buf[:i])
        del self.buf[:i + 4]
        r = Resp(hd, b"")
        n = int(r.header("content-length") or 0)
        if head or r.status == 304:
            n = 0
        while len(self.buf) < n:
            self._fill()
        r.body = bytes(self.buf[:n])
        del self.buf[:n]
        return r

    def get(self, path, method="GET", version="HTTP/1.1", headers=()):
        self.send(request(path, method, version, headers))
        return self.response(head=method == "HEAD")

    def closed(self, timeout=5):
        """True when the server closes with nothing more sent."""
        self.sock.settimeout(timeout)
        try:
            b = self.sock.recv(4096)
        except ConnectionResetError:
            return True
        assert not self.buf and not b, "unexpected bytes %r" % (bytes(self.buf) + b)
        return True

    def close(self):
        self.sock.close()


def request(path, method="GET", version="HTTP/1.1", headers=()):
    lines = ["%s %s %s" % (method, path, version), "Host: localhost"]
    lines += ["%s: %s" % kv for kv in headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def get_once(srv, path, **kw):
    """One request on a new connection (Connection: close); the response."""
    c = Http.connect(srv)
    hdrs = list(kw.pop("headers", ())) + [("Connection", "close")]
    r = c.get(path, headers=hdrs, **kw)
    c.close()
    return r


def raw_status(srv, raw):
    """Send raw request bytes; the status of the one response."""
    c = Http.connect(srv)
    c.send(raw)
    r = c.response()
    c.close()
    return r


def file_bytes(path):
    return Path(path).read_bytes()


def chmod_tree_readable(path):
    for dp, dn, fn in os.walk(path):
        os.chmod(dp, 0o755)
        for f in fn:
            os.chmod(os.path.join(dp, f), 0o644)
