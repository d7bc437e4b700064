"""Upgrade smuggling through an http:// passthrough: a client asks for an
upgrade the backend does not grant (no 101, connection kept alive) and
pipelines a second request.  wsinetd must not pass the bytes after the
upgrade request as a raw stream, or the backend parses them as a request
whose head nobody rewrote (the client's own X-Forwarded-For, Host and
path).  Whatever reaches the backend must be rewritten like the first."""

import json

from pass_helpers import HttpBackend, connect, read_http_response


def test_review_pass_upgrade_refused(wsinetd):
    b = HttpBackend()
    try:
        srv = wsinetd.socket_activate(b.url())
        s = connect(srv)
        s.settimeout(5)
        s.sendall(b"GET /one HTTP/1.1\r\nHost: h\r\n"
                  b"Connection: Upgrade\r\nUpgrade: not-granted\r\n\r\n"
                  b"GET /two HTTP/1.1\r\nHost: evil.example\r\n"
                  b"X-Forwarded-For: 6.6.6.6\r\n\r\n")
        st1, _, body1, rest = read_http_response(s)
        assert st1 == 200 and json.loads(body1)["path"] == "/one"
        got = rest
        try:
            while True:
                more = s.recv(65536)
                if not more:
                    break
                got += more
                if b"\r\n\r\n" in got:
                    break
        except OSError:
            pass
        s.close()
        assert len(b.seen) == 2, b.seen
        for req in b.seen:
            h = req[2]
            assert h.get("x-forwarded-for", [""])[-1].endswith("127.0.0.1"), req
            assert h.get("x-forwarded-proto") == ["http"], req
            assert h.get("host") == ["127.0.0.1:%d" % b.port], req
    finally:
        b.close()
