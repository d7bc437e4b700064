"""--web directories: "/" and "/dir/" serve the directory's index.html; a
directory named without its trailing slash gets 301 to the slash form
(query kept), built from the decoded path so "//host" cannot turn into a
redirect to another site; a directory without index.html is 404, never a
listing."""

from webutil import Http, make_tree


def test_web_index(wsinetd, tmp_path):
    files = make_tree(tmp_path / "www")
    (tmp_path / "www" / "evil.example").mkdir()
    (tmp_path / "www" / "a b").mkdir()
    srv = wsinetd.socket_activate("--web", tmp_path / "www", "echo")
    c = Http.connect(srv)
    for path, rel in (("/", "index.html"), ("/app/", "app/index.html"),
                      ("/?x=1", "index.html"), ("/app/?y", "app/index.html"),
                      ("/./app/.", "app/index.html")):
        r = c.get(path)
        assert r.status == 200 and r.body == files[rel], (path, r)
        assert r.header("content-type") == "text/html; charset=utf-8"
    for path, loc in (("/app", "/app/"), ("/app?x=1&y=2", "/app/?x=1&y=2"),
                      ("/noindex", "/noindex/"), ("//evil.example", "/evil.example/"),
                      ("/a%20b", "/a%20b/"), ("/app/styles", "/app/styles/")):
        r = c.get(path)
        assert r.status == 301, (path, r)
        assert r.header("location") == loc, (path, r)
        assert r.status_line == "HTTP/1.1 301 Moved Permanently"
    for path in ("/noindex/", "/app/styles/", "/evil.example/"):
        r = c.get(path)
        assert r.status == 404, (path, r)
        assert b"file.txt" not in r.body and b"base.css" not in r.body
    # A long directory name, non-ASCII, and a long query: all in Location.
    long = "\u00e9" * 120                       # 240 bytes, 720 encoded
    (tmp_path / "www" / long).mkdir()
    enc = "%C3%A9" * 120
    r = c.get("/" + enc + "?" + "q" * 3000)
    assert r.status == 301 and r.header("location") == "/" + enc + "/?" + "q" * 3000, r
    # Still one connection.
    assert c.get("/noindex/file.txt").body == files["noindex/file.txt"]
    c.close()
