"""--web beside routes and no default TARGET (the README's one-port
recipe): files are served without a false "no route ... 404" warning, an
upgrade on a path no route takes is 404 with that warning, and a
kept-alive connection that the browser then closes leaves one access
line per request and no empty one."""

import time

from helpers import reached, refused, tagged, upgrade_request
from webutil import Http, make_tree


def test_web_routes(wsinetd, backend, tmp_path):
    files = make_tree(tmp_path / "www")
    a = tagged(backend, b"A")
    srv = wsinetd.socket_activate("-v", "--web", tmp_path / "www",
                                  "--route", "/websockify=" + a.target)
    c = Http.connect(srv)
    peer = c.local
    for path in ("/index.html", "/app/ui.js"):
        c.send(("GET %s HTTP/1.1\r\nHost: x\r\n\r\n" % path).encode())
        r = c.response()
        assert r.status == 200 and r.body == files[path[1:]], r
    c.close()
    assert reached(srv, "/websockify") == b"A"
    refused(srv, upgrade_request(path="/other"), 404)

    time.sleep(0.3)                 # the handler notices the close
    log = srv.log()
    lines = [ln for ln in log.splitlines() if peer + " \"" in ln]
    assert len(lines) == 2, log
    assert '"GET /index.html" 200 target=web' in lines[0], lines
    assert '"GET /app/ui.js" 200 target=web' in lines[1], lines
    assert "route=-" in lines[0], lines
    assert log.count("no route for host") == 1, log
    assert 'no route for host "localhost" path /other, answered 404' in log, log
