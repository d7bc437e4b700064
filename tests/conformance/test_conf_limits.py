"""Large messages (Autobahn family 9) and the message size limit
(--max-message, Close 1009; RFC 6455 7.4.1 and 10.4)."""

import struct

import pytest

from conf_helpers import expect_failure, finish, payload_for
from wsclient import OP_BINARY, OP_CLOSE, OP_CONT, OP_PING, OP_TEXT, build_frame, open_ws

OPS = pytest.mark.parametrize("opcode", [OP_TEXT, OP_BINARY], ids=["text", "binary"])
KiB, MiB = 1024, 1024 * 1024


def fragments(opcode, data, size):
    return b"".join(build_frame(opcode if i == 0 else OP_CONT, data[i:i + size],
                                fin=(i + size >= len(data)))
                    for i in range(0, len(data), size))


# ---------------------------------------------------------------- family 9

@OPS
@pytest.mark.parametrize("size", [64 * KiB, 256 * KiB, 1 * MiB, 4 * MiB],
                         ids=["64KiB", "256KiB", "1MiB", "4MiB"])
def test_large_message_echoed(ws, opcode, size):
    """A large single-frame message comes back whole (in any frames)."""
    payload = payload_for(opcode, size, seed=size)
    ws.send_frame(opcode, payload)
    ws.expect_message(opcode, payload, timeout=30)
    finish(ws)


@pytest.mark.parametrize("frame_size", [64, 256, 4 * KiB, 64 * KiB, 256 * KiB])
def test_large_message_in_fragments(ws, frame_size):
    """A 1 MiB binary message sent as fragments of frame_size bytes."""
    payload = payload_for(OP_BINARY, MiB, seed=frame_size)
    ws.send_raw(fragments(OP_BINARY, payload, frame_size))
    ws.expect_message(OP_BINARY, payload, timeout=30)
    finish(ws)


@pytest.mark.parametrize("chop", [64, 512, 4 * KiB, 128 * KiB])
def test_large_message_chopped(ws, chop):
    """A 1 MiB text frame written to TCP in chop-byte pieces."""
    payload = payload_for(OP_TEXT, MiB, seed=chop)
    ws.send_frame(OP_TEXT, payload, chop=chop)
    ws.expect_message(OP_TEXT, payload, timeout=30)
    finish(ws)


def test_large_multibyte_text(ws):
    """4 MiB of 2-, 3- and 4-byte characters (UTF-8 checked across the
    server's reads)."""
    unit = "\u00e9\u20ac\U0001f600a".encode()   # 2 + 3 + 4 + 1 = 10 bytes
    payload = unit * (4 * MiB // len(unit))
    ws.send_frame(OP_TEXT, payload, chop=[4093, 8191, 65521])
    ws.expect_message(OP_TEXT, payload, timeout=30)
    finish(ws)


def test_large_multibyte_text_odd_fragments(ws):
    """1 MiB of multi-byte text in fragments of 1021 bytes (a prime, so
    fragments split characters everywhere)."""
    unit = "\u00e9\u20ac\U0001f600a".encode()
    payload = unit * (MiB // len(unit))
    ws.send_raw(fragments(OP_TEXT, payload, 1021))
    ws.expect_message(OP_TEXT, payload, timeout=30)
    finish(ws)


def test_many_small_messages(ws):
    """2000 small messages in one burst, echoed in order."""
    msgs = [(OP_TEXT if i % 2 else OP_BINARY, payload_for(OP_TEXT if i % 2 else OP_BINARY, i % 150, i))
            for i in range(2000)]
    ws.send_raw(b"".join(build_frame(op, p) for op, p in msgs))
    for op, p in msgs:
        ws.expect_message(op, p)
    finish(ws)


def test_default_limit_exact(ws):
    """The default --max-message is 16 MiB: a 16 MiB message is accepted."""
    payload = payload_for(OP_BINARY, 16 * MiB, seed=16)
    ws.send_frame(OP_BINARY, payload)
    ws.expect_message(OP_BINARY, payload, timeout=60)
    finish(ws)


def test_default_limit_exceeded(ws):
    """16 MiB + 1 byte is over the default limit: Close 1009."""
    ws.send_raw(build_frame(OP_TEXT, b"before"))
    ws.send_frame(OP_BINARY, payload_for(OP_BINARY, 16 * MiB + 1, seed=17))
    expect_failure(ws, 1009, [(OP_TEXT, b"before")])


# --------------------------------------------------------------- family 10

LIMIT = 1000


@pytest.fixture
def limited(start):
    return start("--max-message", str(LIMIT), "echo")


@pytest.fixture
def lws(limited):
    c = open_ws(limited)
    yield c
    c.close()


@OPS
def test_limit_exact_size_accepted(lws, opcode):
    """A message of exactly --max-message bytes is accepted."""
    payload = payload_for(opcode, LIMIT, seed=1)
    lws.send_frame(opcode, payload)
    lws.expect_message(opcode, payload)
    finish(lws)


@OPS
def test_limit_exceeded_by_one(lws, opcode):
    """One byte more than --max-message: Close 1009, not echoed."""
    lws.send_raw(build_frame(opcode, payload_for(opcode, 10)) +
                 build_frame(opcode, payload_for(opcode, LIMIT + 1, seed=2))
                 + build_frame(OP_PING, b"after"))
    expect_failure(lws, 1009, [(opcode, payload_for(opcode, 10))])


@OPS
@pytest.mark.parametrize("sizes", [[500, 500], [1] * 1000, [0, 1000, 0], [999, 1]],
                         ids=["2x500", "1000x1", "0-1000-0", "999-1"])
def test_limit_fragmented_exact(lws, opcode, sizes):
    """The limit applies to the reassembled message: fragments that add up
    to exactly the limit are accepted."""
    payload = payload_for(opcode, sum(sizes), seed=3)
    parts, i = [], 0
    for n in sizes:
        parts.append(payload[i:i + n])
        i += n
    lws.send_raw(b"".join(build_frame(opcode if k == 0 else OP_CONT, p, fin=(k == len(parts) - 1))
                          for k, p in enumerate(parts)))
    lws.expect_message(opcode, payload)
    finish(lws)


@OPS
@pytest.mark.parametrize("sizes", [[500, 501], [400, 400, 201], [1] * 1001, [1000, 1]],
                         ids=["500-501", "400-400-201", "1001x1", "1000-1"])
def test_limit_fragmented_exceeded(lws, opcode, sizes):
    """Fragments each under the limit whose sum is over it: 1009."""
    payload = payload_for(opcode, sum(sizes), seed=4)
    parts, i = [], 0
    for n in sizes:
        parts.append(payload[i:i + n])
        i += n
    lws.send_raw(b"".join(build_frame(opcode if k == 0 else OP_CONT, p, fin=(k == len(parts) - 1))
                          for k, p in enumerate(parts)) + build_frame(OP_PING, b"after"))
    expect_failure(lws, 1009)


def test_limit_is_per_message(lws):
    """Five messages of the full limit on one connection: the limit is per
    message, not per connection."""
    msgs = [payload_for(OP_BINARY, LIMIT, seed=i) for i in range(5)]
    lws.send_raw(b"".join(build_frame(OP_BINARY, m) for m in msgs))
    for m in msgs:
        lws.expect_message(OP_BINARY, m)
    finish(lws)


def test_limit_per_message_after_fragmented(lws):
    """A fragmented message of the limit, then another: the count restarts."""
    a = payload_for(OP_TEXT, LIMIT, seed=8)
    b = payload_for(OP_TEXT, LIMIT, seed=9)
    lws.send_raw(fragments(OP_TEXT, a, 300) + fragments(OP_TEXT, b, 700))
    lws.expect_message(OP_TEXT, a)
    lws.expect_message(OP_TEXT, b)
    finish(lws)


def test_limit_control_frames_not_counted(lws):
    """Pings between fragments do not count toward the message size."""
    payload = payload_for(OP_BINARY, LIMIT, seed=5)
    data = b""
    for k in range(10):
        data += build_frame(OP_BINARY if k == 0 else OP_CONT, payload[k * 100:(k + 1) * 100], fin=(k == 9))
        if k < 9:
            data += build_frame(OP_PING, bytes([k]) * 100)
    lws.send_raw(data)
    lws.expect_message(OP_BINARY, payload)
    assert lws.pongs_seen == [bytes([k]) * 100 for k in range(9)]
    finish(lws)


def test_limit_multibyte_text_exact(lws):
    """The limit counts bytes, not characters: 333 euro signs + 1 byte."""
    payload = "\u20ac".encode() * 333 + b"!"
    assert len(payload) == LIMIT
    lws.send_frame(OP_TEXT, payload)
    lws.expect_message(OP_TEXT, payload)
    finish(lws)


def test_limit_multibyte_text_exceeded(lws):
    payload = "\u20ac".encode() * 334
    lws.send_frame(OP_TEXT, payload)
    expect_failure(lws, 1009)


def test_limit_declared_huge_length(lws):
    """A frame whose header declares 1 TiB: 1009 without waiting for it
    (only 2000 payload bytes are ever sent)."""
    lws.send_raw(bytes([0x82, 0xFF]) + struct.pack("!Q", 1 << 40) + b"\x00\x00\x00\x00" + b"z" * 2000)
    expect_failure(lws, 1009)


def test_limit_large_frame_sent_fully(lws):
    """A 1 MiB frame against a 1000-byte limit: 1009, even while the
    client is still sending."""
    lws.send_frame(OP_BINARY, payload_for(OP_BINARY, MiB, seed=6))
    expect_failure(lws, 1009)


def test_limit_does_not_apply_to_ping(start):
    """Control frames are not messages: with --max-message 10 a 125-byte
    Ping is still answered."""
    srv = start("--max-message", "10", "echo")
    c = open_ws(srv)
    try:
        c.send_frame(OP_PING, b"p" * 125)
        c.expect_pong(b"p" * 125)
        c.send_frame(OP_TEXT, b"0123456789")
        c.expect_message(OP_TEXT, b"0123456789")
        c.send_frame(OP_TEXT, b"0123456789A")
        expect_failure(c, 1009)
    finally:
        c.close()


def test_ping_during_large_echo(ws):
    """A Ping right behind a 4 MiB message: the Pong may come before,
    inside (between fragments of) or after the echo, and both arrive
    intact (5.4: control frames may be interleaved with fragments)."""
    payload = payload_for(OP_BINARY, 4 * MiB, seed=44)
    ws.send_raw(build_frame(OP_BINARY, payload) + build_frame(OP_PING, b"while busy"))
    ws.expect_message(OP_BINARY, payload, timeout=30)
    if not ws.pongs_seen:
        ws.expect_pong(b"while busy")
    else:
        assert ws.pongs_seen == [b"while busy"], ws.pongs_seen
    finish(ws)


def test_close_during_large_echo(ws):
    """A Close right behind a 4 MiB message: the whole echo comes first,
    then the Close reply, then TCP closes."""
    payload = payload_for(OP_TEXT, 4 * MiB, seed=45)
    ws.send_raw(build_frame(OP_TEXT, payload) + build_frame(OP_CLOSE, b"\x03\xe8"))
    res = ws.read_until_close(timeout=30)
    assert res.code == 1000, res
    assert len(res.messages) == 1 and res.messages[0] == (OP_TEXT, payload), \
        [(op, len(p)) for op, p in res.messages]
