"""--web answers methods other than GET and HEAD with 405 and
`Allow: GET, HEAD`, then closes (a body it did not read must not be taken
for a request)."""

import pytest

from helpers import wait_log_line
from webutil import Http, make_tree, request


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "OPTIONS", "PATCH"])
def test_web_405(wsinetd, tmp_path, method):
    make_tree(tmp_path / "www")
    srv = wsinetd.socket_activate("--web", tmp_path / "www", "echo")
    c = Http.connect(srv)
    c.send(request("/index.html", method, headers=[("Content-Length", "4")]) + b"GET ")
    r = c.response()
    assert r.status == 405, r
    assert r.header("allow") == "GET, HEAD", r
    assert r.header("connection") == "close", r
    assert c.closed()
    peer = c.local
    c.close()
    wait_log_line(srv, peer, '"%s /index.html" 405' % method)
