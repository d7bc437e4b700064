"""--web HEAD: the same status line and headers a GET gets (Content-Length
of the file, Content-Type, Last-Modified) and not one byte of body: the
next pipelined response starts right after the blank line."""

from webutil import Http, make_tree, request


def strip_date(head):
    return [ln for ln in head.split(b"\r\n") if not ln.startswith(b"Date: ")]


def test_web_head(wsinetd, tmp_path):
    files = make_tree(tmp_path / "www")
    big = tmp_path / "www" / "big.bin"
    big.write_bytes(b"\xa5" * (3 << 20))
    srv = wsinetd.socket_activate("--web", tmp_path / "www", "echo")
    c = Http.connect(srv)
    for path, size in (("/app/ui.js", len(files["app/ui.js"])), ("/big.bin", 3 << 20),
                       ("/", len(files["index.html"])), ("/empty.txt", 0)):
        get = c.get(path)
        head = c.get(path, method="HEAD")
        assert head.status == 200 and get.status == 200
        assert head.header("content-length") == str(size), head
        assert strip_date(head.head) == strip_date(get.head)
        assert head.body == b""
    # Nothing between a HEAD's headers and the next response.
    c.send(request("/big.bin", "HEAD") + request("/app/ui.js", "HEAD") + request("/app/ui.js"))
    c.response(head=True)
    c.response(head=True)
    assert b"HTTP/1.1 200 OK".startswith(bytes(c.buf[:15])), bytes(c.buf[:40])
    r = c.response()
    assert r.status == 200 and r.body == files["app/ui.js"]
    # Errors too: a HEAD for a missing file has the 404's headers only.
    c.send(request("/missing", "HEAD") + request("/index.html"))
    r = c.response(head=True)
    assert r.status == 404 and int(r.header("content-length")) > 0
    r = c.response()
    assert r.status == 200 and r.body == files["index.html"], r
    c.close()
