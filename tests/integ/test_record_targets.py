"""--record for every target kind that relays messages: echo, tcp:,
unix: and exec:.  Random binary and text messages (up to 1 MiB, so long
ones arrive in pieces) go out, the replies come back; the recording's
"i" bytes (text events as UTF-8, "ib" base64) are exactly what the client
sent, its "o" bytes exactly what it received, binary pieces in base64 and
text pieces as text.

A tcp: backend that writes 4 MiB in large writes is read in reads large
enough for the splice path (src/backsplice.c), which would move them to
the client without passing the recorder: the recording still has every
byte, in order.  A UTF-8 character cut between a client message's
fragments is still text in the recording."""

import asyncio

import pytest
import websockets

from helpers import (OP_CONT, OP_TEXT, answer_close, echo_handler, frame, open_ws,
                     random_bytes, random_text, wait_log_line)
from record_helpers import payload, read_cast, wait_cast

SIZES = [0, 1, 125, 65536, 1 << 20]


def talk(url, msgs):
    async def run():
        async with websockets.connect(url, max_size=None, ping_interval=None) as ws:
            sent, got = bytearray(), bytearray()
            for m in msgs:
                await ws.send(m)
                sent += m if isinstance(m, bytes) else m.encode()
                want = len(m if isinstance(m, bytes) else m.encode())
                n = 0
                while n < want or (want == 0 and n == 0):
                    r = await asyncio.wait_for(ws.recv(), 20)
                    r = r if isinstance(r, bytes) else r.encode()
                    got += r
                    n += len(r)
                    if want == 0:
                        break
            await ws.close()
            return bytes(sent), bytes(got)
    return asyncio.run(run())


def messages():
    out = []
    for i, n in enumerate(SIZES):
        out.append(random_bytes(n, 100 + i))
        out.append(random_text(n, 200 + i))
    return out


@pytest.mark.parametrize("kind", ["echo", "tcp", "unix", "exec"])
def test_record_every_target(wsinetd, tmp_path, backend, kind):
    rec = tmp_path / "rec"
    rec.mkdir()
    if kind == "echo":
        target = ["echo"]
    elif kind == "exec":
        target = ["exec:/bin/cat"]
    else:
        target = [backend(echo_handler, kind=kind).target]
    srv = wsinetd.socket_activate("--record", rec, *target)
    # An empty message reaches a stream backend as nothing: echo only.
    msgs = [m for m in messages() if kind == "echo" or len(m) > 0]
    sent, got = talk(srv.url, msgs)
    assert got == sent
    (path,) = wait_cast(rec)
    wait_log_line(srv, '"GET /" 101', "rec=" + path.name)
    _, events = read_cast(path)
    codes = {e[1] for e in events}
    assert codes == {"i", "o", "ib", "ob"}, codes
    assert payload(events, "i") == sent
    assert payload(events, "o") == got


def bulk_sender(data):
    def handler(conn, backend):
        conn.sendall(data)
        conn.close()
    return handler


def test_record_bulk_backend_not_spliced(wsinetd, tmp_path, backend):
    rec = tmp_path / "rec"
    rec.mkdir()
    data = random_bytes(4 << 20, 7)
    b = backend(bulk_sender(data))
    srv = wsinetd.socket_activate("--record", rec, b.target)

    async def run():
        async with websockets.connect(srv.url, max_size=None, ping_interval=None) as ws:
            got = bytearray()
            async for m in ws:
                got += m
            return bytes(got), ws.close_code
    got, code = asyncio.run(run())
    assert code == 1000 and got == data
    (path,) = wait_cast(rec)
    wait_log_line(srv, '"GET /" 101', "rec=" + path.name)
    _, events = read_cast(path)
    assert payload(events, "o") == data
    assert payload(events, "i") == b""


def test_record_client_utf8_split_across_frames(wsinetd, tmp_path):
    # A text message in three fragments, a 4-byte character cut after
    # each of its first two bytes: still text events, nothing in base64.
    rec = tmp_path / "rec"
    rec.mkdir()
    srv = wsinetd.socket_activate("--record", rec, "echo")
    c = open_ws(srv)
    text = "ab\U0001f600cd".encode()
    c.send(frame(OP_TEXT, text[:3], fin=False))
    c.send(frame(OP_CONT, text[3:4], fin=False))
    c.send(frame(OP_CONT, text[4:]))
    got = b""
    while len(got) < len(text):
        fin, op, data = c.read_frame()
        got += data
    assert got == text
    answer_close(c, 1000)
    (path,) = wait_cast(rec)
    wait_log_line(srv, '"GET /" 101', "rec=" + path.name)
    _, events = read_cast(path)
    assert {e[1] for e in events} == {"i", "o"}, events
    assert payload(events, "i") == payload(events, "o") == text


@pytest.mark.parametrize("kind", ["echo", "tcp"])
def test_record_compressed_session(wsinetd, tmp_path, backend, kind):
    # permessage-deflate both ways: the recording has the payloads, not
    # their DEFLATE bytes.
    rec = tmp_path / "rec"
    rec.mkdir()
    target = "echo" if kind == "echo" else backend(echo_handler).target
    srv = wsinetd.socket_activate("--compress", "--record", rec, target)
    msgs = ["a" * 5000, random_text(70000, 5), random_bytes(3000, 6), "short"]

    async def run():
        async with websockets.connect(srv.url, compression="deflate", max_size=None,
                                      ping_interval=None) as ws:
            assert ws.extensions and ws.extensions[0].name == "permessage-deflate"
            sent, got = bytearray(), bytearray()
            for m in msgs:
                b = m if isinstance(m, bytes) else m.encode()
                await ws.send(m)
                sent += b
                while len(got) < len(sent):
                    r = await asyncio.wait_for(ws.recv(), 20)
                    got += r if isinstance(r, bytes) else r.encode()
            await ws.close()
            return bytes(sent), bytes(got)
    sent, got = asyncio.run(run())
    assert got == sent
    (path,) = wait_cast(rec)
    wait_log_line(srv, '"GET /" 101', "compress=permessage-deflate", "rec=" + path.name)
    _, events = read_cast(path)
    assert payload(events, "i") == sent and payload(events, "o") == got
