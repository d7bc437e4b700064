"""The browser path: headless Chromium (Debian's) opens a WebSocket to
wsinetd under systemd-socket-activate, as a page would, and reports what
it saw to a small HTTP server the test runs."""

import http.server
import subprocess
import threading
import urllib.parse

from harness import wait_for

PAGE = r"""<!doctype html><meta charset=utf-8><script>
const report = (s) => { location.href = "%(report)s?r=" + encodeURIComponent(s); };
const ws = new WebSocket("%(url)s", ["binary"]);
ws.binaryType = "arraybuffer";
const big = new Uint8Array(1 << 20);
for (let i = 0; i < big.length; i++) big[i] = (i * 31 + 7) & 255;
const text = "héllo wörld 😀 ".repeat(1000);
let got = [];
ws.onopen = () => { ws.send(text); ws.send(big); ws.send(new Uint8Array(0)); };
ws.onmessage = (e) => {
  got.push(e.data);
  if (got.length < 3) return;
  const b = new Uint8Array(got[1]);
  let same = b.length === big.length;
  for (let i = 0; same && i < b.length; i++) same = b[i] === big[i];
  const ok = got[0] === text && same && got[2].byteLength === 0;
  ws.onclose = (c) => report((ok ? "PASS" : "FAIL") + " proto=" + ws.protocol +
      " close=" + c.code + " clean=" + c.wasClean);
  ws.close(1000);
};
ws.onerror = () => report("ERROR");
setTimeout(() => report("TIMEOUT"), 15000);
</script>"""


class Reports(http.server.BaseHTTPRequestHandler):
    got = []

    def do_GET(self):
        q = urllib.parse.urlparse(self.path).query
        self.got.append(urllib.parse.parse_qs(q).get("r", [""])[0])
        self.send_response(204)
        self.end_headers()

    def log_message(self, *a):
        pass


def run_page(page_src, tmp_path, serve=None):
    """Open page_src (with %(report)s filled in) in headless Chromium and
    return the first thing it reports.  The page is a file:// one, or
    what serve(src) returns: the URL of a server that now has it."""
    Reports.got = []
    rep = http.server.HTTPServer(("127.0.0.1", 0), Reports)
    threading.Thread(target=rep.serve_forever, daemon=True).start()
    src = page_src.replace("%(report)s", "http://127.0.0.1:%d/r" % rep.server_port)
    if serve is None:
        page = tmp_path / "page.html"
        page.write_text(src)
        url = "file://%s" % page
    else:
        url = serve(src)
    browser = subprocess.Popen(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--user-data-dir=%s" % (tmp_path / "profile"),
         url],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(lambda: Reports.got, timeout=60, what="Chromium's report")
    finally:
        browser.kill()
        browser.wait(10)
        rep.shutdown()
    return Reports.got[0]


# The page is a file:// one, an origin of its own: wsinetd refuses it
# unless told otherwise (same origin by default), as it would any page
# that is not its own.
def test_chromium_echo(wsinetd, tmp_path):
    srv = wsinetd.socket_activate("--origin", "*", "echo")
    got = run_page(PAGE.replace("%(url)s", srv.url), tmp_path)
    assert got == "PASS proto=binary close=1000 clean=true", got
    log = srv.wait_log("close=1000")
    total = len("héllo wörld 😀 ".encode()) * 1000 + (1 << 20)
    assert '"GET /" 101 target=echo in=%d/3 out=%d/3' % (total, total) in log, log


def test_chromium_echo_compressed(wsinetd, tmp_path):
    """--compress: Chromium offers permessage-deflate by default; the
    page sees it in ws.extensions and its (compressed) messages come back."""
    srv = wsinetd.socket_activate("--origin", "*", "--compress", "echo")
    page = PAGE.replace("%(url)s", srv.url).replace(
        '" proto=" + ws.protocol', '" proto=" + ws.protocol + " ext=" + ws.extensions')
    got = run_page(page, tmp_path)
    assert got == "PASS proto=binary ext=permessage-deflate close=1000 clean=true", got
    log = srv.wait_log("close=1000")
    total = len("héllo wörld 😀 ".encode()) * 1000 + (1 << 20)
    assert '"GET /" 101 target=echo in=%d/3 out=%d/3' % (total, total) in log, log
