"""A ws:// backend that sends 103 Early Hints and 100 Continue before its
101 (RFC 9110 §15.2 lets a server send interim responses before any final
one).  The client's first frame, pipelined with its upgrade request, must
wait in wsinetd until the final answer and then reach the backend byte for
byte: the 101, not the first interim status, is the answer to the upgrade.
Both interim heads reach the client unchanged, and the access line shows
101."""

from helpers import (KEY, OP_BIN, Backend, RawClient, backend_upgrade_head, frame,
                     upgrade_request, wait_log_line)

INTERIM = (b"HTTP/1.1 103 Early Hints\r\nLink: </app.css>; rel=preload\r\n\r\n"
           b"HTTP/1.1 100 Continue\r\n\r\n")


def interim_then_upgrade(conn, backend):
    got = backend_upgrade_head(conn)
    if got is None:
        return
    _, rest, accept = got
    conn.sendall(INTERIM + b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                 b"Connection: Upgrade\r\nSec-WebSocket-Accept: " + accept + b"\r\n\r\n")
    want = len(backend.sent)
    while len(rest) < want:
        got = conn.recv(65536)
        if not got:
            break
        rest += got
    backend.after_head = rest
    conn.sendall(frame(OP_BIN, b"pong", mask=False))


def test_pass_ws_interim_responses(wsinetd):
    b = Backend(interim_then_upgrade)
    b.sent = frame(OP_BIN, b"ping" * 1000)
    try:
        srv = wsinetd.socket_activate("ws://127.0.0.1:%d/" % b.port)
        c = RawClient.connect(srv.host, srv.port)
        peer = c.local
        c.send(upgrade_request(key=KEY) + b.sent)
        assert c.read_response().status == 103
        assert c.response.header("link") == "</app.css>; rel=preload"
        assert c.read_response().status == 100
        assert c.read_response().status == 101
        assert c.read_frame() == (True, OP_BIN, b"pong")
        c.close()
        assert b.after_head == b.sent, "the pipelined frame changed or was lost"
        wait_log_line(srv, peer, '"GET /" 101 ')
    finally:
        b.close()
