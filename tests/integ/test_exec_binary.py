"""exec: without --text: the program's stdout reaches the client as binary
messages, the client's messages reach its stdin as bytes, and the end of
its output (status 0) closes with 1000."""

from helpers import OP_BIN, close_frame, echo_session, frame, messages, open_ws


def test_exec_output_then_close_1000(wsinetd):
    srv = wsinetd.socket_activate("exec:/bin/echo", "hello", "world")
    c = open_ws(srv)
    assert c.read_until_close() == (b"hello world\n", 1000)
    c.send(close_frame(1000))
    assert c.read_to_eof() == b""


def test_exec_cat_streams_binary(wsinetd):
    srv = wsinetd.socket_activate("exec:cat")
    # Every size, binary and text: the bytes come back as one stream.
    echo_session(srv.url, messages(), stream=True)


def test_exec_stdin_gets_the_bytes(wsinetd):
    # head reads exactly 3 bytes, od shows them: the message reached stdin
    # unchanged, and the program's exit (status 0) closes with 1000.
    srv = wsinetd.socket_activate("exec:/bin/sh", "-c", "head -c 3 | od -An -tx1")
    c = open_ws(srv)
    c.send(frame(OP_BIN, b"\x00\xff\x10"))
    data, code = c.read_until_close()
    assert data.split() == [b"00", b"ff", b"10"] and code == 1000
    c.send(close_frame(1000))
    assert c.read_to_eof() == b""
