"""The backend's stage (connect and TLS handshake) gets its own
--handshake-timeout, counted from when it starts, not from the
connection's start: with --handshake-timeout 2 and three --web requests
spread over 2.6 s, a request to an https:// route (a real nginx behind
TLS, certificate verified with --backend-ca) must be answered by nginx,
not 504 from a deadline already past when the backend's connect and TLS
handshake begin.  So must a first request whose head took 2 of 3
seconds, to a backend whose TLS handshake takes 1.8 s (a relay in front
of nginx holds the connection that long).  The client's stage keeps its
bound: a client that sends nothing still gets 408 after 2 s."""

import socket
import threading
import time

from front import start_nginx
from helpers import wait_log_line
from pass_helpers import make_pki
from webutil import Http, request

SITE = """    access_log %(dir)s/access.log;
    server {
        listen 127.0.0.1:%(port)d ssl;
        ssl_certificate %(crt)s;
        ssl_certificate_key %(key)s;
        location / { return 200 "nginx over tls saw $request_uri\\n"; }
    }
"""


def nginx_tls(tmp_path):
    pki = make_pki(tmp_path / "pki")
    crt, key = pki.localhost
    return pki, start_nginx(tmp_path, lambda d, port: SITE % dict(dir=d, port=port, crt=crt,
                                                                   key=key))


class SlowRelay:
    """127.0.0.1:port -> nginx: holds each connection delay seconds before
    it passes anything on, so the TLS handshake through it takes that long."""

    def __init__(self, port, delay):
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.to, self.delay = port, delay
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                c, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(c,), daemon=True).start()

    def _serve(self, c):
        time.sleep(self.delay)
        b = socket.create_connection(("127.0.0.1", self.to), timeout=10)

        def pipe(src, dst):
            try:
                while True:
                    d = src.recv(65536)
                    if not d:
                        break
                    dst.sendall(d)
            except OSError:
                pass
            for s in (src, dst):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
        threading.Thread(target=pipe, args=(b, c), daemon=True).start()
        pipe(c, b)

    def close(self):
        self.sock.close()


def test_pass_deadline_slow_head_slow_backend(wsinetd, tmp_path):
    pki, n = nginx_tls(tmp_path)
    relay = SlowRelay(n.port, 1.8)
    try:
        srv = wsinetd.socket_activate("--handshake-timeout", "3", "--backend-ca", pki.ca,
                                      "--route", "/app=https://127.0.0.1:%d/" % relay.port)
        c = Http.connect(srv)
        c.send(b"GET /app/y HTTP/1.1\r\n")
        time.sleep(2.0)
        c.send(b"Host: front.example\r\n\r\n")
        r = c.response()
        c.close()
        assert (r.status, r.body) == (200, b"nginx over tls saw /app/y\n"), r
    except BaseException:
        print(n.logs())
        raise
    finally:
        relay.close()
        n.stop()


def test_pass_deadline_after_web(wsinetd, tmp_path):
    pki, n = nginx_tls(tmp_path)
    try:
        www = tmp_path / "www"
        www.mkdir()
        (www / "index.html").write_bytes(b"<p>static\n")
        srv = wsinetd.socket_activate("--handshake-timeout", "2", "--web", www,
                                      "--backend-ca", pki.ca,
                                      "--route", "/app=https://127.0.0.1:%d/" % n.port)
        c = Http.connect(srv)
        start = time.monotonic()
        for _ in range(3):
            r = c.get("/index.html")
            assert (r.status, r.body) == (200, b"<p>static\n"), r
            time.sleep(0.9)         # under the keep-alive bound of 2 s
        assert time.monotonic() - start > 2.5
        c.send(request("/app/x"))
        r = c.response()
        c.close()
        assert (r.status, r.body) == (200, b"nginx over tls saw /app/x\n"), r
        wait_log_line(srv, '"GET /app/x" 200 target=https://127.0.0.1:%d/' % n.port)

        # The first request is still bounded from the connection's start.
        c = Http.connect(srv)
        t0 = time.monotonic()
        r = c.response()
        assert r.status == 408 and 1.5 < time.monotonic() - t0 < 4, r
        c.close()
    except BaseException:
        print(n.logs())
        raise
    finally:
        n.stop()
