"""--text: backend bytes go out as text messages of valid UTF-8, with a
sequence split across backend writes held back until it is complete, and
a backend that sends invalid UTF-8 gets the connection closed with 1011."""

import asyncio
import socket
import threading
import time

import websockets


def one_shot_backend(chunks, pause=0.05):
    """A TCP backend that writes chunks (pausing between them) and closes."""
    ls = socket.socket()
    ls.bind(("127.0.0.1", 0))
    ls.listen(1)

    def run():
        c, _ = ls.accept()
        for ch in chunks:
            c.sendall(ch)
            time.sleep(pause)
        c.close()
        ls.close()
    threading.Thread(target=run, daemon=True).start()
    return ls.getsockname()[1]


async def collect(url):
    got = []
    async with websockets.connect(url, compression=None) as ws:
        try:
            while True:
                got.append(await asyncio.wait_for(ws.recv(), 10))
        except websockets.ConnectionClosed as e:
            return got, e.rcvd.code if e.rcvd else None


def test_text_holds_back_split_sequences(wsinetd):
    text = "grüße 😀 κόσμε\n" * 3
    raw = text.encode()
    cut1 = raw.index("😀".encode()) + 2          # inside the 4-byte emoji
    cut2 = raw.index("ü".encode()) + 1          # inside a 2-byte sequence
    port = one_shot_backend([raw[:cut2], raw[cut2:cut1], raw[cut1:]])
    srv = wsinetd.socket_activate("--text", "tcp:127.0.0.1:%d" % port)
    got, code = asyncio.run(collect(srv.url))
    assert all(isinstance(m, str) for m in got), got
    assert "".join(got) == text
    assert code == 1000


def test_text_invalid_backend_utf8_closes_1011(wsinetd):
    port = one_shot_backend([b"fine so far ", b"\xff\xfe bad"], pause=0.2)
    srv = wsinetd.socket_activate("--text", "tcp:127.0.0.1:%d" % port)
    got, code = asyncio.run(collect(srv.url))
    assert got == ["fine so far "]
    assert code == 1011
    assert "invalid UTF-8 with --text" in srv.wait_log("close=1011")


def test_binary_by_default(wsinetd):
    port = one_shot_backend([b"abc", "é".encode()])
    srv = wsinetd.socket_activate("tcp:127.0.0.1:%d" % port)
    got, code = asyncio.run(collect(srv.url))
    assert all(isinstance(m, bytes) for m in got)
    assert b"".join(got) == b"abc" + "é".encode() and code == 1000
