"""--web: each extension a web application ships gets its Content-Type
(text types with charset=utf-8), an unknown one application/octet-stream,
and every file of Debian's novnc package comes back byte for byte with the
type a browser needs (JavaScript modules are refused under a wrong type),
all over one kept-alive connection."""

import os
from pathlib import Path
from urllib.parse import quote

from webutil import Http

U = "; charset=utf-8"
TYPES = {
    "html": "text/html" + U, "htm": "text/html" + U,
    "js": "text/javascript" + U, "mjs": "text/javascript" + U,
    "css": "text/css" + U, "json": "application/json" + U,
    "map": "application/json" + U, "svg": "image/svg+xml" + U,
    "txt": "text/plain" + U, "xml": "application/xml" + U,
    "webmanifest": "application/manifest+json" + U, "md": "text/markdown" + U,
    "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg",
    "gif": "image/gif", "ico": "image/x-icon", "webp": "image/webp",
    "wasm": "application/wasm", "woff": "font/woff", "woff2": "font/woff2",
    "ttf": "font/ttf", "otf": "font/otf", "mp3": "audio/mpeg", "oga": "audio/ogg",
    "exe": "application/octet-stream", "pl": "application/octet-stream",
}
NOVNC = Path("/usr/share/novnc")


def test_web_mime_by_extension(wsinetd, tmp_path):
    www = tmp_path / "www"
    www.mkdir()
    for ext in TYPES:
        (www / ("f." + ext)).write_bytes(b"body of " + ext.encode())
    (www / "Makefile").write_bytes(b"no extension")
    (www / "UPPER.JS").write_bytes(b"upper")
    srv = wsinetd.socket_activate("--web", www, "echo")
    c = Http.connect(srv)
    for ext, want in TYPES.items():
        r = c.get("/f." + ext)
        assert r.status == 200, r
        assert r.header("content-type") == want, (ext, r)
        assert r.header("x-content-type-options") == "nosniff", r
        assert r.body == b"body of " + ext.encode()
    r = c.get("/Makefile")
    assert r.header("content-type") == "application/octet-stream", r
    r = c.get("/UPPER.JS")
    assert r.header("content-type") == "text/javascript" + U, r
    c.close()


def test_web_mime_novnc(wsinetd):
    assert (NOVNC / "vnc.html").is_file(), \
        "Debian's novnc is not installed: apt-get install novnc"
    srv = wsinetd.socket_activate("--web", NOVNC, "echo")
    c = Http.connect(srv)
    seen = {}
    for dirpath, _, names in os.walk(NOVNC, followlinks=False):
        for n in sorted(names):
            p = Path(dirpath) / n
            ext = n.rsplit(".", 1)[1].lower() if "." in n[1:] else ""
            if ext not in TYPES:
                continue
            rel = p.relative_to(NOVNC).as_posix()
            r = c.get("/" + quote(rel))
            assert r.status == 200, (rel, r)
            assert r.header("content-type") == TYPES[ext], (rel, r)
            assert r.body == p.read_bytes(), rel
            seen[ext] = seen.get(ext, 0) + 1
    # What the package ships and noVNC's page loads.
    for ext in ("html", "js", "css", "json", "svg", "png", "woff", "ttf", "mp3", "oga"):
        assert seen.get(ext), "no .%s file checked in %s: %r" % (ext, NOVNC, seen)
    assert sum(seen.values()) > 100, seen
    r = c.get("/vnc.html")
    assert r.header("content-type") == "text/html" + U and b"noVNC" in r.body
    r = c.get("/core/rfb.js")
    assert r.header("content-type") == "text/javascript" + U and b"export default class RFB" in r.body
    c.close()
