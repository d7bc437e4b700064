"""What the gate cases (test_gate_*.py) share: a real nginx serving a
base directory for one route and, outside it, a secret file that no
request through wsinetd may reach; a raw request sender; and the line
nginx logs for each request it got, to show what reached it.

Only loopback; every wait is bounded.
"""

import socket
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
