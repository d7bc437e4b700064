"""What the passthrough cases (test_pass_*.py) share: real backends for
ws://, wss://, http:// URL targets, and a throwaway PKI for the TLS ones.

- WsBackend: a python3-websockets 10.4 echo server (asyncio, in its own
  thread), optionally behind TLS; it records each request's path and
  headers and, with TLS, the SNI name the client sent (None for none).
- HttpBackend: python's http.server (HTTP/1.1, keep-alive) answering every
  request with a JSON description of it (method, path, headers, body).
- make_pki(dir): a CA, a server certificate for "localhost" and
  127.0.0.1, one for another name, and an unrelated CA, made with certtool.

Only loopback; every wait is bounded.
"""

import asyncio
import http.server
import json
import socket
import ssl
import threading
from dataclasses import dataclass
from pathlib import Path

import websockets

from certtool import Certtool
from harness import free_port


# ---------------------------------------------------------------- PKI

@dataclass
class Pki:
    ca: Path            # signs localhost and other
    localhost: tuple    # (crt, key): DNS localhost + IP 127.0.0.1
    other: tuple        # (crt, key): DNS other.test only
    other_ca: Path      # an unrelated CA


def make_pki(d):
    ct = Certtool(d)

    def ca(name, cn):
        return ct.self_signed(name, 'cn = "%s"\nca\ncert_signing_key\nexpiration_days = 30\n'
                              % cn)

    def server(name, text, by):
        return ct.signed(name, text, by)

    root = ca("ca", "wsinetd passthrough test CA")
    other_ca = ca("other_ca", "unrelated CA")
    common = "tls_www_server\nsigning_key\nencryption_key\nexpiration_days = 30\n"
    return Pki(
        ca=root[0],
        localhost=server("localhost", 'cn = "localhost"\ndns_name = "localhost"\n'
                         'ip_address = "127.0.0.1"\n' + common, root),
        other=server("other", 'cn = "other.test"\ndns_name = "other.test"\n' + common, root),
        other_ca=other_ca[0],
    )


def server_ctx(cert, key, snis=None):
    """A server SSLContext; snis (a list) gets each ClientHello's SNI name."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(str(cert), str(key))
    if snis is not None:
        def cb(sslobj, name, c):
            snis.append(name)
        ctx.sni_callback = cb
    return ctx


# ---------------------------------------------------------------- ws backend

class WsBackend:
    """python3-websockets echo server on 127.0.0.1 (TLS when ctx is given).

    .requests: [(path, {lower-case header name: [values]})] per upgrade.
    .snis: SNI names seen by the TLS server (None: the client sent none).
    """

    def __init__(self, ctx=None, greeting=None, host="127.0.0.1", port=None):
        self.host = host
        self.port = port or free_port(host)
        self.requests = []
        self.snis = []
        self.greeting = greeting
        self.ctx = ctx
        if ctx is not None and ctx.sni_callback is None:
            snis = self.snis

            def cb(sslobj, name, c):
                snis.append(name)
            ctx.sni_callback = cb
        self.loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._stopped = None
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        assert self._ready.wait(10), "websockets backend did not start"

    async def _handler(self, ws, path=None):
        hdrs = {}
        for k, v in ws.request_headers.raw_items():
            hdrs.setdefault(k.lower(), []).append(v)
        self.requests.append((ws.path, hdrs))
        if self.greeting is not None:
            await ws.send(self.greeting)
        async for m in ws:
            await ws.send(m)

    def _run(self):
        asyncio.set_event_loop(self.loop)

        async def main():
            self._stopped = asyncio.Event()
            async with websockets.serve(self._handler, self.host, self.port, ssl=self.ctx,
                                        max_size=None, compression=None, ping_interval=None):
                self._ready.set()
                await self._stopped.wait()
        self.loop.run_until_complete(main())
        rest = asyncio.all_tasks(self.loop)     # connections still being accepted
        for t in rest:
            t.cancel()
        self.loop.run_until_complete(asyncio.gather(*rest, return_exceptions=True))
        self.loop.close()

    def url(self, scheme="ws", host="127.0.0.1", path="/"):
        return "%s://%s:%d%s" % (scheme, host, self.port, path)

    def close(self):
        if self._stopped is not None:
            self.loop.call_soon_threadsafe(self._stopped.set)
        self.thread.join(5)


# ---------------------------------------------------------------- http backend

class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _answer(self):
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n) if n else b""
        hdrs = {}
        for k, v in self.headers.items():
            hdrs.setdefault(k.lower(), []).append(v)
        self.server.seen.append((self.command, self.path, hdrs, body))
        out = json.dumps({"method": self.command, "path": self.path, "headers": hdrs,
                          "body": body.decode("latin-1"),
                          "conn": "%s:%d" % self.client_address[:2]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)

    do_GET = do_POST = do_PUT = _answer

    def log_message(self, *a):
        pass


class HttpBackend:
    """http.server on 127.0.0.1 that describes each request it gets in
    its JSON response (and keeps it in .seen)."""

    def __init__(self, ctx=None):
        self.srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        if ctx is not None:
            self.srv.socket = ctx.wrap_socket(self.srv.socket, server_side=True)
        self.scheme = "https" if ctx is not None else "http"
        self.srv.seen = []
        self.srv.daemon_threads = True
        self.port = self.srv.server_address[1]
        self.thread = threading.Thread(target=self.srv.serve_forever, kwargs={"poll_interval": 0.1},
                                       daemon=True)
        self.thread.start()

    @property
    def seen(self):
        return self.srv.seen

    def url(self, path="/", host="127.0.0.1"):
        return "%s://%s:%d%s" % (self.scheme, host, self.port, path)

    def close(self):
        self.srv.shutdown()
        self.srv.server_close()


# ---------------------------------------------------------------- raw http client

def recv_all(sock, size=65536):
    """Every byte sock receives until EOF (the peer's FIN)."""
    out = bytearray()
    while True:
        b = sock.recv(size)
        if not b:
            return bytes(out)
        out += b


def read_http_response(sock, buf=b""):
    """(status, {lower name: value}, body, rest) of one Content-Length
    response read from sock; buf holds bytes already read."""
    while b"\r\n\r\n" not in buf:
        b = sock.recv(65536)
        assert b, "connection closed before a response; got %r" % buf
        buf += b
    head, buf = buf.split(b"\r\n\r\n", 1)
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    hdrs = {}
    for ln in lines[1:]:
        k, v = ln.split(":", 1)
        hdrs[k.strip().lower()] = v.strip()
    n = int(hdrs.get("content-length", 0))
    while len(buf) < n:
        b = sock.recv(65536)
        assert b, "connection closed inside the body"
        buf += b
    return status, hdrs, buf[:n], buf[n:]


def http_request(method, path, host, body=b"", extra=()):
    lines = ["%s %s HTTP/1.1" % (method, path), "Host: %s" % host]
    if body or method in ("POST", "PUT"):
        lines.append("Content-Length: %d" % len(body))
    lines += ["%s: %s" % kv for kv in extra]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def connect(srv):
    s = socket.create_connection((srv.host, srv.port), timeout=10)
    return s
