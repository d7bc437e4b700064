"""--web over TLS: files go through the TLS session (read + write, not
sendfile), byte for byte: a 20 MiB file checked by sha256, keep-alive and
pipelined requests inside the session, and an upgrade on the same port
still reaches the echo target."""

import hashlib
import os
import socket
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "integ"))

from helpers import OP_TEXT, answer_close, expect_accept, frame  # noqa: E402
from tlsutil import TlsClient, client_ctx, tls_server  # noqa: E402
from webutil import Http, make_tree, request  # noqa: E402

SIZE = 20 << 20


def connect(srv, ctx):
    raw = socket.create_connection((srv.host, srv.port), timeout=30)
    return ctx.wrap_socket(raw, server_hostname="alpha.test")


def test_web_tls(wsinetd, pki, tmp_path):
    files = make_tree(tmp_path / "www")
    data = os.urandom(SIZE)
    (tmp_path / "www" / "big.bin").write_bytes(data)
    srv = tls_server(wsinetd, pki, "--web", tmp_path / "www", "echo")
    ctx = client_ctx(pki)
    c = Http(connect(srv, ctx), timeout=30)
    r = c.get("/index.html")
    assert r.status == 200 and r.body == files["index.html"], r
    r = c.get("/big.bin")
    assert r.status == 200 and r.header("content-length") == str(SIZE)
    assert hashlib.sha256(r.body).digest() == hashlib.sha256(data).digest()
    c.send(request("/app/ui.js") + request("/big.bin", "HEAD") + request("/nope"))
    assert c.response().body == files["app/ui.js"]
    assert c.response(head=True).header("content-length") == str(SIZE)
    assert c.response().status == 404
    r = c.get("/app", headers=[("Connection", "close")])
    assert r.status == 301 and r.header("location") == "/app/"
    c.close()

    ws = TlsClient.connect(srv.host, srv.port, ctx, sni="alpha.test")
    expect_accept(ws.handshake(path="/"))
    ws.send(frame(OP_TEXT, "over tls"))
    assert ws.read_message() == (OP_TEXT, b"over tls")
    answer_close(ws, 1000)
