"""`wsinetd --web DIR echo`: plain GETs are files, a WebSocket upgrade on the
same port still reaches the default target (echo) -- also as the second
request of a kept-alive connection, with a frame pipelined behind the
upgrade request -- which is what noVNC needs: page and socket on one origin."""

from helpers import OP_TEXT, RawClient, answer_close, expect_accept, frame, upgrade_request
from webutil import Http, make_tree, request


def test_web_upgrade_same_port(wsinetd, tmp_path):
    files = make_tree(tmp_path / "www")
    srv = wsinetd.socket_activate("--web", tmp_path / "www", "echo")
    c = Http.connect(srv)
    r = c.get("/index.html")
    assert r.status == 200 and r.body == files["index.html"]
    c.close()

    # An upgrade for "/" is not index.html: it is the echo target.
    ws = RawClient.connect(srv.host, srv.port)
    expect_accept(ws.handshake(path="/"))
    ws.send(frame(OP_TEXT, "hello"))
    assert ws.read_message() == (OP_TEXT, b"hello")
    answer_close(ws, 1000)

    # A file, then an upgrade with a frame behind it, on one connection.
    s = Http.connect(srv)
    s.send(request("/app/ui.js") + upgrade_request(path="/websockify") +
           frame(OP_TEXT, "pipelined"))
    r = s.response()
    assert r.status == 200 and r.body == files["app/ui.js"]
    ws = RawClient(s.sock)
    ws.buf = s.buf
    expect_accept(ws.read_response())
    assert ws.read_message() == (OP_TEXT, b"pipelined")
    answer_close(ws, 1000)
