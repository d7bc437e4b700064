"""--web keeps connections alive (RFC 9112 §9.3): several requests one after
another on one connection, requests pipelined in a single write (answered
in order, nothing lost or doubled), a head split across writes, HTTP/1.1's
"Connection: close" and HTTP/1.0's default close and opt-in keep-alive."""

import time

from webutil import Http, make_tree, request


def test_web_keepalive_sequential(wsinetd, tmp_path):
    files = make_tree(tmp_path / "www")
    srv = wsinetd.socket_activate("--web", tmp_path / "www", "echo")
    c = Http.connect(srv)
    for _ in range(3):
        for rel, data in files.items():
            r = c.get("/" + rel.replace(" ", "%20"))
            assert r.status == 200 and r.body == data, (rel, r)
            assert r.header("connection") is None, r
    # A 404 keeps the connection too.
    assert c.get("/missing").status == 404
    assert c.get("/index.html").body == files["index.html"]
    r = c.get("/app/ui.js", headers=[("Connection", "close")])
    assert r.status == 200 and r.body == files["app/ui.js"]
    assert r.header("connection") == "close"
    assert c.closed()
    c.close()
    # One wsinetd served them all: one "GET /missing" line, one process.
    assert srv.log().count('"GET /missing" 404') == 1, srv.log()


def test_web_keepalive_pipelined(wsinetd, tmp_path):
    files = make_tree(tmp_path / "www")
    srv = wsinetd.socket_activate("--web", tmp_path / "www", "echo")
    c = Http.connect(srv)
    # Two requests in one write.
    c.send(request("/index.html") + request("/app/ui.js"))
    r1, r2 = c.response(), c.response()
    assert (r1.status, r1.body) == (200, files["index.html"])
    assert (r2.status, r2.body) == (200, files["app/ui.js"])
    # Five of mixed kinds in one write, the last closing.
    c.send(request("/app/styles/base.css") + request("/index.html", "HEAD") +
           request("/nope") + request("/empty.txt") +
           request("/noindex/file.txt", headers=[("Connection", "close")]))
    r = c.response()
    assert (r.status, r.body) == (200, files["app/styles/base.css"])
    r = c.response(head=True)
    assert r.status == 200 and r.header("content-length") == str(len(files["index.html"]))
    assert c.response().status == 404
    r = c.response()
    assert r.status == 200 and r.body == b"" and r.header("content-length") == "0"
    r = c.response()
    assert (r.status, r.body) == (200, files["noindex/file.txt"])
    assert c.closed()
    c.close()


def test_web_keepalive_split_head(wsinetd, tmp_path):
    files = make_tree(tmp_path / "www")
    srv = wsinetd.socket_activate("--web", tmp_path / "www", "echo")
    c = Http.connect(srv)
    assert c.get("/index.html").status == 200
    # The next head arrives in pieces, the first ending mid-line.
    req = request("/app/ui.js")
    for i in range(0, len(req), 7):
        c.send(req[i:i + 7])
        time.sleep(0.01)
    r = c.response()
    assert (r.status, r.body) == (200, files["app/ui.js"])
    # A pipelined head cut in two: the first half comes with a request.
    req = request("/app/styles/base.css")
    c.send(request("/index.html") + req[:10])
    assert c.response().body == files["index.html"]
    time.sleep(0.1)
    c.send(req[10:])
    assert c.response().body == files["app/styles/base.css"]
    c.close()


def test_web_keepalive_http10(wsinetd, tmp_path):
    files = make_tree(tmp_path / "www")
    srv = wsinetd.socket_activate("--web", tmp_path / "www", "echo")
    c = Http.connect(srv)
    r = c.get("/index.html", version="HTTP/1.0")
    assert r.status == 200 and r.body == files["index.html"]
    assert r.version == "HTTP/1.1" and r.header("connection") == "close", r
    assert c.closed()
    c.close()
    c = Http.connect(srv)
    r = c.get("/index.html", version="HTTP/1.0", headers=[("Connection", "keep-alive")])
    assert r.header("connection") == "keep-alive", r
    r = c.get("/app/ui.js", version="HTTP/1.0", headers=[("Connection", "Keep-Alive")])
    assert r.status == 200 and r.body == files["app/ui.js"]
    r = c.get("/app/ui.js", version="HTTP/1.0")
    assert r.header("connection") == "close"
    assert c.closed()
    c.close()


def test_web_keepalive_request_body_closes(wsinetd, tmp_path):
    """A GET with a body is answered, then the connection closes: the body
    is not read, so it must not be taken for the next request."""
    make_tree(tmp_path / "www")
    srv = wsinetd.socket_activate("--web", tmp_path / "www", "echo")
    c = Http.connect(srv)
    c.send(request("/index.html", headers=[("Content-Length", "27")]) +
           request("/secret-looking-body"))
    r = c.response()
    assert r.status == 200 and r.header("connection") == "close"
    assert c.closed()
    c.close()
    assert "/secret-looking-body" not in srv.log()
