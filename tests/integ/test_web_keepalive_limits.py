"""--web keep-alive limits: an idle kept-alive connection is closed quietly
after its idle time (WEB_KEEPALIVE_MS, at most --handshake-timeout), a head
left unfinished then gets 408, and a connection carries at most
WEB_MAX_REQUESTS (1000) requests, the last answered with Connection: close."""

import time

from helpers import wait_log_line
from webutil import Http, make_tree, request

WEB_MAX_REQUESTS = 1000


def test_web_keepalive_idle_closed(wsinetd, tmp_path):
    make_tree(tmp_path / "www")
    srv = wsinetd.socket_activate("--handshake-timeout", "1", "-v", "--web",
                                  tmp_path / "www", "echo")
    c = Http.connect(srv)
    assert c.get("/index.html").status == 200
    t = time.monotonic()
    assert c.closed(timeout=10)
    took = time.monotonic() - t
    assert 0.8 <= took <= 3, took
    wait_log_line(srv, c.local, "kept-alive connection idle after 1 requests")
    c.close()


def test_web_keepalive_default_idle(wsinetd, tmp_path):
    """Without --handshake-timeout below it, the idle time is 5 s."""
    make_tree(tmp_path / "www")
    srv = wsinetd.socket_activate("--web", tmp_path / "www", "echo")
    c = Http.connect(srv)
    assert c.get("/index.html").status == 200
    t = time.monotonic()
    assert c.closed(timeout=15)
    took = time.monotonic() - t
    assert 4.5 <= took <= 7, took
    c.close()


def test_web_keepalive_partial_head_408(wsinetd, tmp_path):
    make_tree(tmp_path / "www")
    srv = wsinetd.socket_activate("--handshake-timeout", "1", "--web",
                                  tmp_path / "www", "echo")
    c = Http.connect(srv)
    assert c.get("/index.html").status == 200
    c.send(b"GET /index.html HTTP/1.1\r\nHost: x\r\n")
    r = c.response()
    assert r.status == 408, r
    peer = c.local
    c.close()
    wait_log_line(srv, peer, "request 2 incomplete at the keep-alive deadline")


def test_web_keepalive_max_requests(wsinetd, tmp_path):
    make_tree(tmp_path / "www")
    srv = wsinetd.socket_activate("-q", "--web", tmp_path / "www", "echo")
    c = Http.connect(srv, timeout=30)
    one = request("/index.html", "HEAD")
    c.send(one * (WEB_MAX_REQUESTS + 5))
    for i in range(WEB_MAX_REQUESTS):
        r = c.response(head=True)
        assert r.status == 200, (i, r)
        want = "close" if i == WEB_MAX_REQUESTS - 1 else None
        assert r.header("connection") == want, (i, r)
    assert c.closed()
    c.close()
