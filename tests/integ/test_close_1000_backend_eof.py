"""Backend EOF: the client gets the backend's bytes, then Close 1000, and the
connection ends once the client answers."""

from helpers import close_frame, open_ws


def bye(conn, b):
    conn.sendall(b"bye")
    conn.shutdown(1)


def test_close_1000_backend_eof(wsinetd, backend):
    b = backend(bye)
    srv = wsinetd.socket_activate(b.target)
    c = open_ws(srv)
    assert c.read_until_close() == (b"bye", 1000)
    c.send(close_frame(1000))
    assert c.read_to_eof() == b""
