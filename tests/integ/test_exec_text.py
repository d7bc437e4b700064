"""exec: with --text (websocketd's model): each line of the program's
stdout is one text message without its newline, a long line streams as
fragments of one message, an unfinished last line is sent at EOF, and
each client message reaches stdin followed by a newline.  Invalid UTF-8
from the program closes with 1011."""

import asyncio

import websockets

from helpers import OP_TEXT, close_frame, frame, open_ws, wait_log_line


def test_exec_text_lines_both_ways(wsinetd):
    srv = wsinetd.socket_activate(
        "--text", "exec:/bin/sh", "-c", 'while read l; do echo "got $l"; done')
    c = open_ws(srv)
    for m in ["a", "grüße 😀", "", "last one"]:
        c.send(frame(OP_TEXT, m))
        assert c.read_message() == (OP_TEXT, ("got " + m).encode())
    c.send(close_frame(1000))
    # Its stdin closes: the loop ends, status 0; our reply is 1000.
    assert c.read_until_close() == (b"", 1000)
    assert c.read_to_eof() == b""


def test_exec_text_long_line_is_one_message(wsinetd):
    srv = wsinetd.socket_activate(
        "--text", "exec:/bin/sh", "-c",
        "head -c 300000 /dev/zero | tr '\\0' x; echo; echo end; printf tail")
    c = open_ws(srv)
    op, first = c.read_message()
    assert op == OP_TEXT and first == b"x" * 300000
    assert c.read_message() == (OP_TEXT, b"end")
    assert c.read_message() == (OP_TEXT, b"tail")     # flushed at EOF
    assert c.read_until_close() == (b"", 1000)
    c.close()


def test_exec_text_long_line_arrives_in_fragments(wsinetd):
    # Memory stays bounded: a 1 MiB line is streamed, not held whole.
    srv = wsinetd.socket_activate(
        "--text", "exec:/bin/sh", "-c", "head -c 1048576 /dev/zero | tr '\\0' y; echo")
    c = open_ws(srv)
    frames = []
    while True:
        fin, op, payload = c.read_frame()
        frames.append((fin, op, len(payload)))
        if fin:
            break
    assert len(frames) > 1, frames
    assert frames[0][1] == OP_TEXT and all(f[1] == 0 for f in frames[1:])
    assert sum(f[2] for f in frames) == 1048576
    assert max(f[2] for f in frames) <= 65535
    assert c.read_until_close() == (b"", 1000)
    c.close()


def test_exec_text_invalid_utf8_closes_1011(wsinetd):
    srv = wsinetd.socket_activate(
        "--text", "exec:/bin/sh", "-c", "echo fine; printf 'bad \\377\\n'; sleep 5")
    c = open_ws(srv)
    peer = c.local
    assert c.read_message() == (OP_TEXT, b"fine")
    assert c.read_until_close() == (b"", 1011)
    c.send(close_frame(1011))
    c.read_to_eof()
    c.close()
    wait_log_line(srv, peer, "invalid UTF-8 with --text")


def test_exec_text_compressed(wsinetd):
    # permessage-deflate both ways: inflated client messages still end
    # with "\n" on stdin, whole lines may go out compressed.
    srv = wsinetd.socket_activate("--text", "--compress", "exec:/bin/sh", "-c",
                                  'while read l; do echo "got $l"; done')

    async def run():
        async with websockets.connect(srv.url, compression="deflate") as ws:
            assert ws.extensions and ws.extensions[0].name == "permessage-deflate"
            for m in ["a" * 1000, "short", "b" * 70000]:
                await ws.send(m)
                assert await asyncio.wait_for(ws.recv(), 10) == "got " + m
            await ws.close()
            return ws.close_code
    assert asyncio.run(run()) == 1000
