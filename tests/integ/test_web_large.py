"""--web sends a 20 MiB file whole (sendfile on a plain socket), checked by
sha256, to a client that reads slowly as well as to a fast one, and the
connection carries the next request afterwards."""

import hashlib
import os
import socket
import time

from webutil import Http, make_tree

SIZE = 20 << 20


def test_web_large(wsinetd, tmp_path):
    files = make_tree(tmp_path / "www")
    data = os.urandom(SIZE)
    (tmp_path / "www" / "big.bin").write_bytes(data)
    want = hashlib.sha256(data).hexdigest()
    srv = wsinetd.socket_activate("--web", tmp_path / "www", "echo")
    c = Http.connect(srv, timeout=30)
    r = c.get("/big.bin")
    assert r.status == 200 and r.header("content-length") == str(SIZE)
    assert r.header("content-type") == "application/octet-stream"
    assert hashlib.sha256(r.body).hexdigest() == want
    assert c.get("/index.html").body == files["index.html"]
    c.close()
    # A slow reader with a small window: the server waits for it.
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 14)
    s.connect((srv.host, srv.port))
    s.settimeout(30)
    s.sendall(b"GET /big.bin HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    got, h = bytearray(), hashlib.sha256()
    while True:
        b = s.recv(1 << 20)
        if not b:
            break
        got += b
        if len(got) < (2 << 20):
            time.sleep(0.002)
    s.close()
    head, _, body = bytes(got).partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 OK\r\n"), head
    assert len(body) == SIZE and hashlib.sha256(body).hexdigest() == want
    assert "no progress" not in srv.log()
