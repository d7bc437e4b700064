"""An http:// POST with "Expect: 100-continue" to python's http.server,
which answers 100 Continue before it reads the body.  The client gets the
interim 100 as the backend sent it, sends the body only then, and gets the
final 200; the access line shows 200, the final status, not 100."""

import json

from helpers import wait_log_line
from pass_helpers import HttpBackend, connect, read_http_response


def test_pass_http_expect_continue(wsinetd):
    b = HttpBackend()
    try:
        srv = wsinetd.socket_activate(b.url("/"))
        body = b"x" * 5000
        s = connect(srv)
        peer = "%s:%d" % s.getsockname()
        s.sendall(b"POST /upload HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\n"
                  b"Content-Length: %d\r\n\r\n" % len(body))
        interim = b""
        while b"\r\n\r\n" not in interim:
            got = s.recv(4096)
            assert got, "closed before the 100 Continue: %r" % interim
            interim += got
        head, rest = interim.split(b"\r\n\r\n", 1)
        assert head.startswith(b"HTTP/1.1 100 "), head
        s.sendall(body)
        status, hdrs, out, _ = read_http_response(s, rest)
        s.close()
        assert status == 200
        got = json.loads(out)
        assert got["body"].encode("latin-1") == body
        assert got["headers"]["expect"] == ["100-continue"]
        wait_log_line(srv, peer, '"POST /upload" 200 ')
    finally:
        b.close()
