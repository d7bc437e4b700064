"""RFC 6455 section 5.4 fragmentation (Autobahn family 5)."""

import pytest

from conf_helpers import expect_failure, finish, payload_for
from wsclient import (OP_BINARY, OP_CLOSE, OP_CONT, OP_PING, OP_PONG, OP_TEXT, build_frame,
                      close_payload)

OPS = pytest.mark.parametrize("opcode", [OP_TEXT, OP_BINARY], ids=["text", "binary"])


def fragments(opcode, parts):
    """Frames of one message with the given fragment payloads."""
    return b"".join(build_frame(opcode if i == 0 else OP_CONT, p, fin=(i == len(parts) - 1))
                    for i, p in enumerate(parts))


def split(data, sizes):
    out, i = [], 0
    for n in sizes:
        out.append(data[i:i + n])
        i += n
    out.append(data[i:])
    return out


@OPS
@pytest.mark.parametrize("sizes", [[], [5], [1, 1], [3, 7, 11], [0, 10], [10, 0], [0, 0, 0],
                                   [1] * 40, [125, 126, 127]],
                         ids=["one-frame-fin", "two", "three-tiny", "four", "empty-first",
                              "empty-middle", "empty-many", "forty-one", "around-126"])
def test_fragmented_message_echoed(ws, opcode, sizes):
    """5.4: a message split into fragments (including empty ones) is
    delivered as one message with the concatenated payload."""
    payload = payload_for(opcode, sum(sizes) + 20, seed=len(sizes))
    parts = split(payload, sizes)
    ws.send_raw(fragments(opcode, parts))
    ws.expect_message(opcode, payload)
    finish(ws)


@OPS
def test_all_fragments_empty(ws, opcode):
    """A message of three empty fragments is one empty message."""
    ws.send_raw(fragments(opcode, [b"", b"", b""]))
    ws.expect_message(opcode, b"")
    finish(ws)


@OPS
def test_fragmented_chopped(ws, opcode):
    """Fragments delivered byte by byte."""
    payload = payload_for(opcode, 60, seed=9)
    ws.send_raw(fragments(opcode, split(payload, [20, 20])), chop=1, delay=0.0003)
    ws.expect_message(opcode, payload)
    finish(ws)


@OPS
def test_ping_between_fragments(ws, opcode):
    """5.4: control frames MAY be injected in the middle of a fragmented
    message; the Ping is answered, the message is intact."""
    payload = payload_for(opcode, 30, seed=1)
    a, b = payload[:15], payload[15:]
    ws.send_raw(build_frame(opcode, a, fin=False) + build_frame(OP_PING, b"mid")
                + build_frame(OP_CONT, b, fin=True))
    ws.expect_message(opcode, payload)
    assert ws.pongs_seen == [b"mid"], ws.pongs_seen
    finish(ws)


def test_ping_between_fragments_waits_for_pong(ws):
    """The Pong is sent while the message is still unfinished: the server
    does not hold control frames back until the message ends."""
    ws.send_raw(build_frame(OP_TEXT, b"first half ", fin=False) + build_frame(OP_PING, b"now"))
    while True:
        ev = ws.recv_event()
        if ev[0] == "pong":
            break
        assert ev[0] not in ("message", "close", "eof"), ev
    assert ev == ("pong", b"now")
    ws.send_frame(OP_CONT, b"second half")
    ws.expect_message(OP_TEXT, b"first half second half")
    finish(ws)


def test_pings_between_every_fragment(ws):
    payload = payload_for(OP_BINARY, 100, seed=5)
    parts = split(payload, [10] * 9)
    data = b""
    for i, p in enumerate(parts):
        data += build_frame(OP_BINARY if i == 0 else OP_CONT, p, fin=(i == len(parts) - 1))
        if i < len(parts) - 1:
            data += build_frame(OP_PING, bytes([i]))
    ws.send_raw(data)
    ws.expect_message(OP_BINARY, payload)
    assert ws.pongs_seen == [bytes([i]) for i in range(9)], ws.pongs_seen
    finish(ws)


def test_pong_between_fragments(ws):
    """An unsolicited Pong between fragments is ignored."""
    ws.send_raw(build_frame(OP_TEXT, b"Hello, ", fin=False) + build_frame(OP_PONG, b"zz")
                + build_frame(OP_CONT, b"World!"))
    ws.expect_message(OP_TEXT, b"Hello, World!")
    assert ws.pongs_seen == [], "the Pong was answered: %r" % ws.pongs_seen
    finish(ws)


def test_ping_between_fragments_all_chopped(ws):
    """Fragments and an interleaved Ping, all delivered byte by byte."""
    data = (build_frame(OP_TEXT, b"fragment1", fin=False) + build_frame(OP_PING, b"pingpayload")
            + build_frame(OP_CONT, b"fragment2"))
    ws.send_raw(data, chop=1, delay=0.0005)
    ws.expect_message(OP_TEXT, b"fragment1fragment2")
    assert ws.pongs_seen == [b"pingpayload"]
    finish(ws)


def test_fragmented_then_unfragmented(ws):
    """Message boundaries survive: fragmented, whole, fragmented."""
    ws.send_raw(fragments(OP_TEXT, [b"a", b"b", b"c"]) + build_frame(OP_BINARY, b"\x00")
                + fragments(OP_BINARY, [b"\x01", b"\x02"]))
    ws.expect_message(OP_TEXT, b"abc")
    ws.expect_message(OP_BINARY, b"\x00")
    ws.expect_message(OP_BINARY, b"\x01\x02")
    finish(ws)


@pytest.mark.parametrize("fin", [True, False], ids=["fin", "nofin"])
def test_continuation_without_start(ws, fin):
    """5.4: a continuation frame with no message to continue is a
    protocol error (1002)."""
    ws.send_raw(build_frame(OP_CONT, b"orphan", fin=fin) + build_frame(OP_PING, b"after"))
    expect_failure(ws, 1002)


def test_continuation_after_complete_message(ws):
    """A continuation frame after a finished message has nothing to
    continue: the message is echoed, then 1002."""
    ws.send_raw(build_frame(OP_TEXT, b"done") + build_frame(OP_CONT, b"extra"))
    expect_failure(ws, 1002, [(OP_TEXT, b"done")])


def test_continuation_without_start_chopped(ws):
    ws.send_frame(OP_CONT, b"orphan, chopped", fin=True, chop=1, delay=0.001)
    expect_failure(ws, 1002)


@pytest.mark.parametrize("first", [OP_TEXT, OP_BINARY], ids=["in-text", "in-binary"])
@pytest.mark.parametrize("second", [OP_TEXT, OP_BINARY], ids=["new-text", "new-binary"])
@pytest.mark.parametrize("fin", [True, False], ids=["fin", "nofin"])
def test_new_message_inside_fragmented_message(ws, first, second, fin):
    """5.4: fragments of one message MUST NOT be interleaved with another
    data frame; a text/binary frame before the final fragment: 1002."""
    ws.send_raw(build_frame(OP_TEXT, b"ok") + build_frame(first, b"start", fin=False)
                + build_frame(second, b"intruder", fin=fin) + build_frame(OP_CONT, b"end")
                + build_frame(OP_PING, b"after"))
    expect_failure(ws, 1002, [(OP_TEXT, b"ok")])


@pytest.mark.parametrize("opcode", [OP_PING, OP_PONG, OP_CLOSE], ids=["ping", "pong", "close"])
def test_fragmented_control_frame(ws, opcode):
    """5.5: control frames MUST NOT be fragmented (FIN clear): 1002."""
    payload = close_payload(1000) if opcode == OP_CLOSE else b"fragmented"
    ws.send_raw(build_frame(OP_TEXT, b"ok") + build_frame(opcode, payload, fin=False)
                + build_frame(OP_CONT, b" control", fin=True) + build_frame(OP_PING, b"after"))
    expect_failure(ws, 1002, [(OP_TEXT, b"ok")])


def test_fragmented_ping_inside_fragmented_message(ws):
    """A non-final Ping between data fragments is still a protocol error."""
    ws.send_raw(build_frame(OP_BINARY, b"\x01", fin=False) + build_frame(OP_PING, b"p", fin=False)
                + build_frame(OP_CONT, b"\x02"))
    expect_failure(ws, 1002)


def test_empty_fragmented_ping(ws):
    """A Ping with FIN clear and no payload: 1002, no Pong."""
    ws.send_frame(OP_PING, b"", fin=False)
    expect_failure(ws, 1002)


def test_long_fragment_series(ws):
    """A 64 KiB message in 1024 fragments of 64 bytes."""
    payload = payload_for(OP_BINARY, 65536, seed=4)
    ws.send_raw(fragments(OP_BINARY, split(payload, [64] * 1023)))
    ws.expect_message(OP_BINARY, payload)
    finish(ws)


def test_fragments_spread_over_time(ws):
    """Fragments with pauses between them (the server must not treat a
    pause as an end of message)."""
    ws.send_frame(OP_TEXT, b"slow ", fin=False)
    ws.send_frame(OP_CONT, b"fragmented ", fin=False)
    ws.send_frame(OP_PING, b"keepalive")
    ws.expect_pong(b"keepalive")
    ws.send_frame(OP_CONT, b"message", fin=True)
    ws.expect_message(OP_TEXT, b"slow fragmented message")
    finish(ws)


def test_close_between_fragments_no_continuation(ws):
    """A Close while a message is unfinished is answered normally."""
    ws.send_raw(build_frame(OP_BINARY, b"\x09" * 10, fin=False) + build_frame(OP_CLOSE, close_payload(1001)))
    res = ws.read_until_close()
    assert res.code == 1001, res
    assert res.messages == [], res.messages
