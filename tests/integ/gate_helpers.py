"""What the gate cases (test_gate_*.py) share: a real nginx serving a
base directory for one route and, outside it, a secret file that no
request through wsinetd may reach; a raw request sender; and the line
nginx logs for each request it got, to show what reached it.

Only loopback; every wait is bounded.
"""

import socket
import threading
import time

from front import start_nginx
from pass_helpers import read_http_response, recv_all

SECRET = b"SECRET-outside-the-route\n"

SITE = """
    log_format req '$request';
    server {
        listen 127.0.0.1:%(port)d;
        access_log %(dir)s/access.log req;
        root %(dir)s/www;
        location / { }
    }
"""


def _files(d):
    (d / "www" / "base").mkdir(parents=True)
    (d / "www" / "base" / "ok").write_text("ok\n")
    (d / "www" / "secret").write_bytes(SECRET)


def nginx_backend(tmp_path):
    """nginx with /base/ok and /secret; route --route /app/=URL to it."""
    n = start_nginx(tmp_path, lambda d, port: SITE % dict(dir=d, port=port), setup=_files)
    n.base_url = "http://127.0.0.1:%d/base/" % n.port
    return n


def nginx_requests(n, settle=0.3):
    """The request lines nginx logged (it writes them as it answers)."""
    time.sleep(settle)
    p = n.dir / "access.log"
    return p.read_text().splitlines() if p.exists() else []


def exchange(srv, data, timeout=10):
    """Send raw bytes, read until wsinetd closes: everything it answered."""
    s = socket.create_connection((srv.host, srv.port), timeout=timeout)
    try:
        s.sendall(data)
        return recv_all(s)
    finally:
        s.close()


def status_of(resp):
    """The status code of the first response in resp (bytes)."""
    assert resp.startswith(b"HTTP/1."), resp[:200]
    return int(resp.split(b" ", 2)[1])


__all__ = ["SECRET", "nginx_backend", "nginx_requests", "exchange", "status_of",
           "read_http_response"]


OK = b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nok\n"


class HeadBackend:
    """A backend on loopback that records every byte it gets (got) and
    each request head (heads), and answers each head with answer(head):
    by default 200 "ok\\n" (as a Go server answers even CONNECT)."""

    def __init__(self, answer=lambda head: OK):
        self.answer = answer
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        self.got = bytearray()
        self.heads = []
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn):
        conn.settimeout(10)
        buf = b""
        try:
            while True:
                b = conn.recv(65536)
                if not b:
                    break
                self.got += b
                buf += b
                while b"\r\n\r\n" in buf:
                    head, buf = buf.split(b"\r\n\r\n", 1)
                    self.heads.append(head)
                    conn.sendall(self.answer(head))
        except OSError:
            pass
        conn.close()

    def close(self):
        self.sock.close()
