"""--web: no request reaches a file outside DIR.  Dot segments (raw and
percent-encoded), encoded slashes, NUL, backslashes and the absolute-URI
form are refused with 400 (web_path.c); symlinks that leave DIR (relative,
absolute, to a directory, through /proc's magic links) get 404 while
symlinks that stay inside DIR are served.  No response ever carries the
secret's bytes, and each refusal is logged with the peer."""

import os

import pytest

from helpers import wait_log_line
from webutil import Http, make_tree

SECRET = b"TOP-SECRET-BYTES outside the web root\n"

REFUSED_400 = [
    "/../secret.txt",
    "/../../../../etc/passwd",
    "/%2e%2e/secret.txt",
    "/%2E%2E/secret.txt",
    "/.%2e/secret.txt",
    "/app/../../secret.txt",
    "/app/%2e%2e/%2e%2e/secret.txt",
    "/..%2fsecret.txt",
    "/..%2f..%2fetc/passwd",
    "/..%2F..%2F..%2Fetc%2Fpasswd",
    "/app%2fui.js",
    "/%2F",
    "/%2fetc/passwd",
    "/index.html%00.txt",
    "/%00",
    "/..\\secret.txt",
    "/app\\ui.js",
    "/..%5csecret.txt",
    "/app%5Cui.js",
    "http://localhost/../secret.txt",
    "http://localhost/index.html",
    "/..",
    "/%",
    "/%zz",
]

# Names that decode cleanly but are not there or leave DIR.
REFUSED_404 = [
    "/out.txt",            # -> ../secret.txt
    "/abs.txt",            # -> /etc/passwd
    "/outdir/secret.txt",  # -> .. (a directory above DIR)
    "/outdir/www/index.html",
    "/magic.txt",          # -> /proc/self/root/etc/passwd
    "/%252e%252e/secret.txt",   # decoded once only: a name "%2e%2e"
]


@pytest.fixture
def site(tmp_path):
    www = tmp_path / "www"
    files = make_tree(www)
    (tmp_path / "secret.txt").write_bytes(SECRET)
    os.symlink("../secret.txt", www / "out.txt")
    os.symlink("/etc/passwd", www / "abs.txt")
    os.symlink("..", www / "outdir")
    os.symlink("/proc/self/root/etc/passwd", www / "magic.txt")
    os.symlink("index.html", www / "in.html")
    os.symlink("../app/ui.js", www / "noindex" / "in.js")
    os.symlink("app", www / "indir")
    return www, files


def test_web_traversal_refused(wsinetd, site):
    www, files = site
    srv = wsinetd.socket_activate("--web", www, "echo")
    passwd = open("/etc/passwd", "rb").read()
    for target in REFUSED_400 + REFUSED_404:
        c = Http.connect(srv)
        c.send(b"GET " + target.encode() + b" HTTP/1.1\r\nHost: localhost\r\n\r\n")
        r = c.response()
        want = 404 if target in REFUSED_404 else 400
        assert r.status == want, (target, r)
        assert SECRET not in r.body and passwd[:32] not in r.body, target
        peer = c.local
        c.close()
        if want == 400:
            wait_log_line(srv, peer, "answered 400")
    log = srv.log()
    assert "/out.txt leads outside --web" in log, log
    assert "/outdir/secret.txt leads outside --web" in log, log


def test_web_traversal_inside_symlinks_served(wsinetd, site):
    www, files = site
    srv = wsinetd.socket_activate("--web", www, "echo")
    c = Http.connect(srv)
    for path, rel in (("/in.html", "index.html"), ("/noindex/in.js", "app/ui.js"),
                      ("/indir/ui.js", "app/ui.js"), ("/indir/", "app/index.html"),
                      ("/a%20b.txt", "a b.txt")):
        r = c.get(path)
        assert r.status == 200 and r.body == files[rel], (path, r)
    assert c.get("/in.html").header("content-type") == "text/html; charset=utf-8"
    c.close()


def test_web_traversal_not_a_regular_file(wsinetd, site):
    """A FIFO under DIR is not opened (that could block): 404."""
    www, _ = site
    os.mkfifo(www / "fifo.txt")
    srv = wsinetd.socket_activate("--web", www, "echo")
    c = Http.connect(srv, timeout=5)
    assert c.get("/fifo.txt").status == 404
    assert c.get("/index.html").status == 200
    c.close()
    wait_log_line(srv, "/fifo.txt", "not a regular file")
