"""Issue 14 item 5 in a real browser: headless Chromium opens a page
from another origin (a python server on another port of 127.0.0.1)
whose script tries new WebSocket() to wsinetd: refused (403, the page
sees an error), with wsinetd's log naming the page's origin.  The same
page served by wsinetd's own --web connects and echoes."""

import http.server
import threading

from helpers import wait_log_line
from test_browser import run_page

PAGE = r"""<!doctype html><meta charset=utf-8><script>
const report = (s) => { location.href = "%(report)s?r=" + encodeURIComponent(s); };
const ws = new WebSocket("%(url)s");
ws.onopen = () => ws.send("same origin");
ws.onmessage = (e) => { ws.onclose = () => report("GOT " + e.data); ws.close(1000); };
ws.onerror = () => report("ERROR");
setTimeout(() => report("TIMEOUT"), 20000);
</script>"""


def test_gate_origin_chromium(wsinetd, tmp_path):
    www = tmp_path / "www"
    www.mkdir()
    srv = wsinetd.socket_activate("--web", www, "--route", "/chat=echo")
    page = PAGE.replace("%(url)s", "ws://127.0.0.1:%d/chat" % srv.port)

    # From another origin: another port on 127.0.0.1.
    other = tmp_path / "other"
    other.mkdir()

    class Page(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **kw):
            super().__init__(*a, directory=str(other), **kw)

        def log_message(self, *a):
            pass

    evil = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=evil.serve_forever, daemon=True).start()
    try:
        def serve_other(src):
            (other / "index.html").write_text(src)
            return "http://127.0.0.1:%d/" % evil.server_port
        got = run_page(page, tmp_path / "a", serve_other)
    finally:
        evil.shutdown()
        evil.server_close()
    assert got == "ERROR", (got, srv.log())
    wait_log_line(srv, "Origin is not this server's (Origin http://127.0.0.1:%d, Host "
                  "127.0.0.1:%d;" % (evil.server_port, srv.port))
    wait_log_line(srv, '"GET /chat" 403 ')

    # The same page from wsinetd's own origin.
    def serve_own(src):
        (www / "index.html").write_text(src)
        return "http://127.0.0.1:%d/" % srv.port
    got = run_page(page, tmp_path / "b", serve_own)
    assert got == "GOT same origin", (got, srv.log())
    wait_log_line(srv, '"GET /chat" 101 target=echo')
