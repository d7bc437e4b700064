"""--web given several times: a request is looked up in each DIR in the
order given and the first that has the file answers (a page in one
directory, its library in another, as --pty's terminal page uses Debian's
xterm.js); 404 only when none has it; a symlink out of a DIR is still
refused, even toward another DIR; --check lists every DIR."""

import os

from webutil import Http


def test_web_dirs(wsinetd, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    (a / "app").mkdir(parents=True)
    (b / "lib" / "sub").mkdir(parents=True)
    (a / "index.html").write_text("page of a\n")
    (a / "both.txt").write_text("from a\n")
    (b / "both.txt").write_text("from b\n")
    (b / "lib" / "x.js").write_text("x = 1;\n")
    (b / "lib" / "sub" / "index.html").write_text("index of b/lib/sub\n")
    os.symlink(b / "lib" / "x.js", a / "link.js")
    srv = wsinetd.socket_activate("--web", a, "--web", b, "echo")
    c = Http.connect(srv)
    for path, body in (("/", b"page of a\n"), ("/both.txt", b"from a\n"),
                       ("/lib/x.js", b"x = 1;\n"), ("/lib/sub/", b"index of b/lib/sub\n")):
        r = c.get(path)
        assert (r.status, r.body) == (200, body), (path, r)
    r = c.get("/lib/sub")
    assert r.status == 301 and r.header("location") == "/lib/sub/", r
    for path in ("/missing.txt", "/app/", "/link.js"):
        r = c.get(path)
        assert r.status == 404, (path, r)
    assert "/link.js leads outside --web %s" % a in srv.wait_log("leads outside")
    r = wsinetd.run("--check", "--web", a, "--web", b, "echo")
    assert r.returncode == 0, r
    assert ("web %s\nweb %s\n" % (a, b)) in r.stdout.decode(), r.stdout


def test_web_dirs_limit(wsinetd, tmp_path):
    args = [a for i in range(9) for a in ("--web", tmp_path)]
    r = wsinetd.run(*args, "echo")
    assert r.returncode == 64 and b"more than 8 --web directories" in r.stderr, r
