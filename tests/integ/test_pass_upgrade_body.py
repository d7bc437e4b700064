"""An upgrade request with a body (an h2c-style POST) through an http://
passthrough: the backend reads the body before it answers, so the body
must reach it before any answer is known; only what follows the body
waits for the 101.  The refused upgrade is answered and a second request
behind it is rewritten like the first."""

import json

from pass_helpers import HttpBackend, connect, read_http_response


def test_review_pass_upgrade_body(wsinetd):
    b = HttpBackend()
    try:
        srv = wsinetd.socket_activate(b.url())
        s = connect(srv)
        s.settimeout(5)
        s.sendall(b"POST /one HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n"
                  b"Connection: Upgrade\r\nUpgrade: not-granted\r\n\r\nhello"
                  b"GET /two HTTP/1.1\r\nHost: h\r\n\r\n")
        st1, _, body1, rest = read_http_response(s)
        assert st1 == 200
        one = json.loads(body1)
        assert (one["path"], one["body"]) == ("/one", "hello")
        st2, _, body2, rest = read_http_response(s, rest)
        two = json.loads(body2)
        assert st2 == 200 and two["path"] == "/two"
        assert two["headers"]["x-forwarded-for"] == ["127.0.0.1"], two
        s.close()
    finally:
        b.close()
