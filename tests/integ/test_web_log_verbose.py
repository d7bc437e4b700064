"""Static files log at -v only (issue 17 item 16): one noVNC page load is
dozens of GETs (75 with Debian's noVNC), and their lines buried the one
that matters.  Without -v a page load writes nothing for its 200s and
304s, a static answer of 400 or more still gets its line, and the
WebSocket on the same port gets its access line as always; with -v
every request has its line again."""

from helpers import expect_accept, answer_close, RawClient
from webutil import Http, make_tree


def page_load(srv):
    c = Http.connect(srv)
    for path in ("/index.html", "/app/ui.js", "/app/styles/base.css"):
        assert c.get(path).status == 200
    assert c.get("/missing.js").status == 404
    assert c.get("/empty.txt", headers=[("Connection", "close")]).status == 200
    c.close()
    ws = RawClient.connect(srv.host, srv.port)
    expect_accept(ws.handshake(path="/websockify"))
    answer_close(ws, 1000)
    return srv.wait_log('"GET /websockify" 101')


def test_web_log_quiet_by_default(wsinetd, tmp_path):
    make_tree(tmp_path / "www")
    srv = wsinetd.socket_activate("--web", tmp_path / "www", "echo")
    log = page_load(srv)
    assert '"GET /missing.js" 404 target=web' in log, log
    for quiet in ("/index.html", "/app/ui.js", "/app/styles/base.css", "/empty.txt"):
        assert '"GET %s"' % quiet not in log, log


def test_web_log_verbose_has_every_request(wsinetd, tmp_path):
    make_tree(tmp_path / "www")
    srv = wsinetd.socket_activate("-v", "--web", tmp_path / "www", "echo")
    log = page_load(srv)
    for path, status in (("/index.html", 200), ("/app/ui.js", 200),
                         ("/app/styles/base.css", 200), ("/missing.js", 404),
                         ("/empty.txt", 200)):
        assert '"GET %s" %d target=web' % (path, status) in log, (path, log)
