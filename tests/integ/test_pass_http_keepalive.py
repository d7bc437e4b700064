"""Keep-alive through an http:// passthrough: a second request on the
same client connection is answered on the same backend connection with
its head rewritten like the first (Host, X-Forwarded-*), and the
client's Connection: close on the last one is honoured (the backend
closes, and so does wsinetd)."""

import json

from pass_helpers import HttpBackend, connect, http_request, read_http_response


def test_pass_http_keepalive(wsinetd):
    b = HttpBackend()
    try:
        srv = wsinetd.socket_activate(b.url())
        s = connect(srv)
        s.sendall(http_request("GET", "/one", "h"))
        st1, _, body1, rest = read_http_response(s)
        s.sendall(http_request("POST", "/two", "second.example", body=b"2nd",
                               extra=[("Connection", "close"), ("Keep-Alive", "timeout=1")]))
        st2, _, body2, rest = read_http_response(s, rest)
        assert st1 == 200 and st2 == 200
        one, two = json.loads(body1), json.loads(body2)
        assert (one["path"], two["path"], two["body"]) == ("/one", "/two", "2nd")
        assert one["conn"] == two["conn"], "second request on another backend connection"
        for got, host in ((one, "h"), (two, "second.example")):
            h = got["headers"]
            assert h["host"] == ["127.0.0.1:%d" % b.port], h
            assert h["x-forwarded-host"] == [host], h
            assert h["x-forwarded-for"] == ["127.0.0.1"], h
            assert h["x-forwarded-proto"] == ["http"], h
            assert "keep-alive" not in h, h
        assert two["headers"]["connection"] == ["close"], two
        s.settimeout(5)
        assert rest == b"" and s.recv(100) == b"", "connection not closed after Connection: close"
        s.close()
    finally:
        b.close()
