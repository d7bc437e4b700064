"""http:// passthrough to python's http.server: a plain GET gets the
backend's response (status, headers, body) unchanged, the backend sees
the path and query, Host rewritten and the X-Forwarded-* values, and the
access line records the backend's status."""

import json

from helpers import wait_log_line
from pass_helpers import HttpBackend, connect, http_request, read_http_response


def test_pass_http_get(wsinetd):
    b = HttpBackend()
    try:
        srv = wsinetd.socket_activate(b.url())
        s = connect(srv)
        local = "%s:%d" % s.getsockname()[:2]
        s.sendall(http_request("GET", "/files/a.txt?v=2", "site.example",
                               extra=[("X-Forwarded-For", "203.0.113.5"), ("Accept", "*/*")]))
        status, hdrs, body, rest = read_http_response(s)
        s.close()
        assert status == 200 and rest == b"", (status, rest)
        assert hdrs["content-type"] == "application/json"
        got = json.loads(body)
        assert got["method"] == "GET" and got["path"] == "/files/a.txt?v=2", got
        h = got["headers"]
        assert h["host"] == ["127.0.0.1:%d" % b.port], h
        assert h["x-forwarded-for"] == ["203.0.113.5, 127.0.0.1"], h
        assert h["x-forwarded-proto"] == ["http"], h
        assert h["x-forwarded-host"] == ["site.example"], h
        assert h["accept"] == ["*/*"], h
        assert "connection" not in h, h
        line = wait_log_line(srv, local, "200")
        assert '"GET /files/a.txt?v=2" 200' in line, line
    finally:
        b.close()
