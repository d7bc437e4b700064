"""HTTP Basic in a real browser (README "Authentication"): headless
Chromium opens a page behind --auth-file with the credentials in the URL
(http://alice:PASSWORD@127.0.0.1:PORT/), gets 401 and the challenge
first, as every browser does, then the page; the page's own WebSocket
to the same origin carries no credentials in its URL, yet Chromium sends
the ones it logged in with, and the echo works.  wsinetd's log names the
user on the page's line and on the upgrade's."""

import urllib.parse

from auth_helpers import users_file
from helpers import wait_log_line
from test_browser import run_page

PW = "pa ss:wörd"

PAGE = r"""<!doctype html><meta charset=utf-8><title>private</title><script>
const report = (s) => { location.href = "%(report)s?r=" + encodeURIComponent(s); };
const ws = new WebSocket("ws://" + location.host + "/chat");
ws.onopen = () => ws.send("through basic auth");
ws.onmessage = (e) => {
  ws.onclose = (c) => report("GOT " + e.data + " close=" + c.code);
  ws.close(1000);
};
ws.onerror = () => report("ERROR");
setTimeout(() => report("TIMEOUT"), 20000);
</script>"""


def test_auth_chromium(wsinetd, tmp_path):
    users = users_file(wsinetd, {"alice": PW})
    www = tmp_path / "www"
    www.mkdir()
    srv = wsinetd.socket_activate("-v", "--auth-file", users, "--web", www, "--route", "/chat=echo")

    def serve(src):
        (www / "index.html").write_text(src)
        return "http://alice:%s@127.0.0.1:%d/" % (urllib.parse.quote(PW, safe=""), srv.port)

    got = run_page(PAGE, tmp_path, serve)
    assert got == "GOT through basic auth close=1000", (got, srv.log())
    wait_log_line(srv, '"GET /" 401 target=- ')
    page = wait_log_line(srv, '"GET /" 200 target=web')
    assert page.endswith(" user=alice"), page
    ws = wait_log_line(srv, '"GET /chat" 101 target=echo', "close=1000")
    assert ws.endswith(" route=/chat user=alice"), ws
    assert "authentication failed" not in srv.log(), srv.log()
