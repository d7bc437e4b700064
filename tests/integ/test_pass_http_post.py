"""An http:// POST whose body arrives partly with the head (same write)
and partly later reaches the backend whole and unchanged."""

import json
import time

from helpers import random_bytes
from pass_helpers import HttpBackend, connect, read_http_response


def test_pass_http_post(wsinetd):
    b = HttpBackend()
    try:
        srv = wsinetd.socket_activate(b.url("/"))
        body = random_bytes(300000, 7).hex().encode()[:300000]
        s = connect(srv)
        head = ("POST /upload HTTP/1.1\r\nHost: h\r\nContent-Type: text/plain\r\n"
                "Content-Length: %d\r\n\r\n" % len(body)).encode()
        s.sendall(head + body[:1000])        # the body's start in the head's write
        time.sleep(0.2)
        s.sendall(body[1000:])
        status, hdrs, out, rest = read_http_response(s)
        s.close()
        assert status == 200
        got = json.loads(out)
        assert got["method"] == "POST" and got["path"] == "/upload"
        assert got["body"].encode("latin-1") == body, "body changed on the way"
        assert got["headers"]["content-length"] == [str(len(body))]
    finally:
        b.close()
