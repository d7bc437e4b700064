"""A passthrough request that comes after static files on a kept-alive
connection gets its own --handshake-timeout, counted from its head, not
from the connection's start: with --handshake-timeout 2 and three --web
requests spread over 2.6 s, a request to an https:// route (a real nginx
behind TLS, certificate verified with --backend-ca) must be answered by
nginx, not 504 from a deadline already past when the backend's connect
and TLS handshake begin.  The first request keeps its bound: a client
that sends nothing still gets 408 after 2 s."""

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


def test_pass_deadline_after_web(wsinetd, tmp_path):
    pki = make_pki(tmp_path / "pki")
    crt, key = pki.localhost
    n = start_nginx(tmp_path, lambda d, port: SITE % dict(dir=d, port=port, crt=crt, key=key))
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
