"""--web conditional GET (RFC 9110 §13.1.3): Last-Modified is the file's
mtime as an IMF-fixdate; If-Modified-Since at or after it (whole seconds,
any of the three HTTP-date forms) gets 304 with no body, an earlier one or
an invalid date the full 200, and If-None-Match makes it ignored."""

import os

from webutil import Http, make_tree

MTIME = 1700000000            # Tue, 14 Nov 2023 22:13:20 GMT
LM = "Tue, 14 Nov 2023 22:13:20 GMT"


def test_web_304(wsinetd, tmp_path):
    files = make_tree(tmp_path / "www")
    f = tmp_path / "www" / "app" / "ui.js"
    os.utime(f, (MTIME, MTIME + 0.7))       # sub-second part ignored
    srv = wsinetd.socket_activate("--web", tmp_path / "www", "echo")
    c = Http.connect(srv)
    r = c.get("/app/ui.js")
    assert r.status == 200 and r.header("last-modified") == LM, r
    assert r.header("date") and r.header("date").endswith(" GMT")

    def ims(value, extra=()):
        return c.get("/app/ui.js", headers=[("If-Modified-Since", value), *extra])

    for same_or_later in (LM, "Tue, 14 Nov 2023 22:13:21 GMT", "Wed, 01 Jan 2031 00:00:00 GMT",
                          "Tuesday, 14-Nov-23 22:13:20 GMT", "Tue Nov 14 22:13:20 2023"):
        r = ims(same_or_later)
        assert r.status == 304, (same_or_later, r)
        assert r.body == b"" and r.header("content-length") is None, r
        assert r.header("last-modified") == LM, r
        assert r.status_line == "HTTP/1.1 304 Not Modified"
    for earlier_or_bad in ("Tue, 14 Nov 2023 22:13:19 GMT", "Mon, 01 Jan 2001 00:00:00 GMT",
                           "yesterday", "Tue, 14 Nov 2023 22:13:20", ""):
        r = ims(earlier_or_bad)
        assert r.status == 200 and r.body == files["app/ui.js"], (earlier_or_bad, r)
    # If-None-Match takes precedence (§13.2.2); we send no ETag.
    r = ims(LM, [("If-None-Match", '"abc"')])
    assert r.status == 200 and r.body == files["app/ui.js"]
    # HEAD is conditional too; the connection is still usable after 304s.
    c.send(b"HEAD /app/ui.js HTTP/1.1\r\nHost: x\r\nIf-Modified-Since: " + LM.encode() +
           b"\r\n\r\n")
    assert c.response(head=True).status == 304
    assert c.get("/index.html").body == files["index.html"]
    c.close()
