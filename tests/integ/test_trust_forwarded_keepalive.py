"""--trust-forwarded on a kept-alive --web connection: a trusted proxy
(nginx's upstream keepalive) sends requests of different clients on one
connection, so each request's X-Forwarded-For names its own client.  The
second request must not keep the first one's client (nor be checked as if
that client were the peer)."""

from webutil import Http, make_tree


def test_review_forwarded_keepalive(wsinetd, tmp_path):
    make_tree(tmp_path / "www")
    srv = wsinetd.socket_activate("-v", "--trust-forwarded", "127.0.0.0/8",
                                  "--web", tmp_path / "www", "echo")
    c = Http.connect(srv)
    r = c.get("/index.html", headers=[("X-Forwarded-For", "198.51.100.1")])
    assert r.status == 200
    r = c.get("/app/ui.js", headers=[("X-Forwarded-For", "198.51.100.2")])
    assert r.status == 200
    r = c.get("/empty.txt", headers=[("Connection", "close")])
    assert r.status == 200
    c.close()
    srv.wait_log('"GET /empty.txt" 200')
    log = srv.log()
    assert '198.51.100.1 "GET /index.html" 200' in log, log
    assert '198.51.100.2 "GET /app/ui.js" 200' in log, log
    # No X-Forwarded-For: the peer itself, not an earlier request's client.
    assert '198.51.100.2 "GET /empty.txt"' not in log, log
    assert '198.51.100.1 "GET /empty.txt"' not in log, log
