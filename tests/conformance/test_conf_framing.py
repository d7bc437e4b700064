"""RFC 6455 section 5.2 framing: lengths, delivery in pieces, masking,
reserved bits and reserved opcodes (Autobahn families 1, 3 and 4)."""

import struct

import pytest

from conf_helpers import binary_payload, expect_failure, finish, payload_for, text_payload
from wsclient import (OP_BINARY, OP_CLOSE, OP_CONT, OP_PING, OP_PONG, OP_TEXT, build_frame,
                      close_payload, open_ws)

OPS = pytest.mark.parametrize("opcode", [OP_TEXT, OP_BINARY], ids=["text", "binary"])

# 7-bit lengths (0..125), 16-bit (126..65535), 64-bit (65536..).
LENGTHS = [0, 1, 7, 125, 126, 127, 128, 1000, 65535, 65536, 65537]


# ---------------------------------------------------------------- family 1

@OPS
@pytest.mark.parametrize("length", LENGTHS)
def test_echo_length(ws, opcode, length):
    """5.2: a single-frame message of each length class is echoed intact."""
    payload = payload_for(opcode, length)
    ws.send_frame(opcode, payload)
    ws.expect_message(opcode, payload)
    finish(ws)


@OPS
@pytest.mark.parametrize("length", [4095, 4096, 4097, 8192, 16383, 16385, 32768, 131071, 131073])
def test_echo_buffer_edges(ws, opcode, length):
    """Lengths around common buffer sizes, followed by a second message in
    the same write so its header lands right after the edge."""
    payload = payload_for(opcode, length, seed=11)
    ws.send_raw(build_frame(opcode, payload) + build_frame(OP_TEXT, b"next"))
    ws.expect_message(opcode, payload)
    ws.expect_message(OP_TEXT, b"next")
    finish(ws)


@pytest.mark.parametrize("opcode,length,chop,delay", [
    (OP_TEXT, 0, 1, 0.002),
    (OP_TEXT, 125, 1, 0.0005),
    (OP_TEXT, 126, 1, 0.0005),
    (OP_BINARY, 127, 1, 0.0005),
    (OP_BINARY, 128, 1, 0.0005),
    (OP_TEXT, 65535, 997, 0),
    (OP_BINARY, 65536, 997, 0),
    (OP_BINARY, 65536, 7, 0),
    (OP_TEXT, 300, [1, 2, 3, 4, 5, 6, 7, 8], 0.0005),
], ids=["text0-bytewise", "text125-bytewise", "text126-bytewise", "bin127-bytewise",
        "bin128-bytewise", "text65535-chop997", "bin65536-chop997", "bin65536-chop7",
        "text300-growing"])
def test_echo_chopped_delivery(ws, opcode, length, chop, delay):
    """5.2 / 5.4: TCP is a byte stream; a frame (header included) that
    arrives in pieces is the same frame."""
    payload = payload_for(opcode, length, seed=3)
    ws.send_frame(opcode, payload, chop=chop, delay=delay)
    ws.expect_message(opcode, payload)
    finish(ws)


def test_frame_pipelined_with_handshake(echo_server):
    """4.1 / 4.2: the client may send frames right after its handshake;
    bytes in the same segment as the request belong to the WebSocket."""
    first = build_frame(OP_TEXT, b"first message, same write as the request")
    c = open_ws(echo_server, pipeline=first)
    try:
        c.expect_message(OP_TEXT, b"first message, same write as the request")
        finish(c)
    finally:
        c.close()


def test_messages_and_close_pipelined_with_handshake(echo_server):
    """Request, two messages and a Close in one write: all processed."""
    data = (build_frame(OP_BINARY, b"\x00\x01\x02") + build_frame(OP_TEXT, b"two")
            + build_frame(OP_CLOSE, close_payload(1000)))
    c = open_ws(echo_server, pipeline=data)
    try:
        res = c.read_until_close()
        assert res.messages == [(OP_BINARY, b"\x00\x01\x02"), (OP_TEXT, b"two")]
        assert res.code == 1000
    finally:
        c.close()


def test_many_messages_in_one_write(ws):
    """Many frames in one TCP segment are each a message, in order."""
    msgs = [(OP_TEXT if i % 3 else OP_BINARY, payload_for(OP_TEXT if i % 3 else OP_BINARY, i * 13, i))
            for i in range(40)]
    ws.send_raw(b"".join(build_frame(op, p) for op, p in msgs))
    for op, p in msgs:
        ws.expect_message(op, p)
    finish(ws)


def test_all_length_classes_on_one_connection(ws):
    """Lengths of all three encodings alternate on one connection."""
    sent = []
    for i, n in enumerate([126, 0, 65536, 5, 125, 70000, 127, 1]):
        op = OP_BINARY if i % 2 else OP_TEXT
        p = payload_for(op, n, seed=i)
        sent.append((op, p))
        ws.send_frame(op, p)
    for op, p in sent:
        ws.expect_message(op, p)
    finish(ws)


def test_zero_mask_key(ws):
    """5.3: a masking key of all zeros is a valid key."""
    ws.send_frame(OP_TEXT, b"zero key", key=b"\x00\x00\x00\x00")
    ws.expect_message(OP_TEXT, b"zero key")
    finish(ws)


def test_mask_key_changes_every_frame(ws):
    """5.3: each frame is unmasked with its own key."""
    keys = [b"\xff\xff\xff\xff", b"\x01\x02\x03\x04", b"\x80\x00\x80\x00", b"abcd"]
    for i, k in enumerate(keys):
        ws.send_frame(OP_BINARY, bytes(range(i, i + 50)), key=k)
    for i in range(len(keys)):
        ws.expect_message(OP_BINARY, bytes(range(i, i + 50)))
    finish(ws)


@pytest.mark.parametrize("kind", ["text", "binary", "ping", "close", "continuation", "pong"])
def test_unmasked_client_frame(ws, kind):
    """5.1: a server MUST close the connection on an unmasked client frame
    (contract: Close 1002)."""
    before = [(OP_TEXT, b"masked ok")]
    data = build_frame(OP_TEXT, b"masked ok")
    if kind == "text":
        data += build_frame(OP_TEXT, b"not masked", mask=False)
    elif kind == "binary":
        data += build_frame(OP_BINARY, b"\x01\x02", mask=False)
    elif kind == "ping":
        data += build_frame(OP_PING, b"p", mask=False)
    elif kind == "pong":
        data += build_frame(OP_PONG, b"p", mask=False)
    elif kind == "close":
        data += build_frame(OP_CLOSE, close_payload(1000), mask=False)
    else:
        data += build_frame(OP_TEXT, b"part1", fin=False)
        data += build_frame(OP_CONT, b"part2", mask=False)
    data += build_frame(OP_PING, b"after")
    ws.send_raw(data)
    expect_failure(ws, 1002, before)


def test_64bit_length_with_top_bit(ws):
    """5.2: in a 64-bit length the most significant bit MUST be 0.
    Such a frame is a protocol error; since the length also exceeds any
    message limit, 1009 is accepted too."""
    ws.send_raw(bytes([0x82, 0xFF]) + struct.pack("!Q", (1 << 63) | 16) + b"\x00\x00\x00\x00"
                + b"\x00" * 16)
    res = ws.read_until_close()
    assert res.code in (1002, 1009), res
    assert res.messages == []


# ---------------------------------------------------------------- family 3

RSV_TARGETS = ["text", "binary", "continuation", "ping", "pong", "close"]


@pytest.mark.parametrize("target", RSV_TARGETS)
@pytest.mark.parametrize("rsv", range(1, 8), ids=lambda r: "rsv%d%d%d" % (r >> 2 & 1, r >> 1 & 1, r & 1))
def test_reserved_bits(ws, rsv, target):
    """5.2: RSV1-3 MUST be 0 unless an extension defines them; none is
    negotiated here, so the server MUST _Fail the WebSocket Connection_
    (Close 1002).  A message before it is echoed; a ping after it is not
    answered."""
    data = build_frame(OP_TEXT, b"before")
    if target == "text":
        data += build_frame(OP_TEXT, b"bad text", rsv=rsv)
    elif target == "binary":
        data += build_frame(OP_BINARY, b"\x00bad", rsv=rsv)
    elif target == "continuation":
        data += build_frame(OP_TEXT, b"start ", fin=False)
        data += build_frame(OP_CONT, b"end", rsv=rsv)
    elif target == "ping":
        data += build_frame(OP_PING, b"rsv ping", rsv=rsv)
    elif target == "pong":
        data += build_frame(OP_PONG, b"rsv pong", rsv=rsv)
    else:
        data += build_frame(OP_CLOSE, close_payload(1000), rsv=rsv)
    data += build_frame(OP_PING, b"after") + build_frame(OP_TEXT, b"after")
    ws.send_raw(data)
    expect_failure(ws, 1002, [(OP_TEXT, b"before")])


def test_reserved_bits_chopped(ws):
    """RSV bits in a header that arrives byte by byte."""
    ws.send_frame(OP_BINARY, b"12345", rsv=4, chop=1, delay=0.002)
    expect_failure(ws, 1002)


# ---------------------------------------------------------------- family 4

RESERVED_OPCODES = [3, 4, 5, 6, 7, 11, 12, 13, 14, 15]


@pytest.mark.parametrize("opcode", RESERVED_OPCODES)
def test_reserved_opcode(connect, opcode):
    """5.2: an unknown opcode MUST fail the connection (Close 1002).

    Connection 1: the reserved opcode alone, empty.
    Connection 2: a message before it is echoed, nothing after it is
    answered (the Ping gets no Pong, the text is not echoed)."""
    c = connect()
    c.send_frame(opcode, b"")
    expect_failure(c, 1002)

    c = connect()
    c.send_raw(build_frame(OP_TEXT, b"first") + build_frame(opcode, b"reserved payload")
               + build_frame(OP_PING, b"ping") + build_frame(OP_TEXT, b"last"))
    expect_failure(c, 1002, [(OP_TEXT, b"first")])


@pytest.mark.parametrize("opcode", [3, 7, 11, 15])
def test_reserved_opcode_not_final(ws, opcode):
    """A reserved opcode with FIN clear is still a protocol error."""
    ws.send_frame(opcode, b"x" * 10, fin=False)
    expect_failure(ws, 1002)


def test_echo_after_chopped_small_frames(ws):
    """Several short frames delivered byte by byte."""
    data = b"".join(build_frame(OP_TEXT, text_payload(n)) for n in (3, 0, 9))
    data += build_frame(OP_BINARY, binary_payload(4))
    ws.send_raw(data, chop=1, delay=0.0005)
    for n in (3, 0, 9):
        ws.expect_message(OP_TEXT, text_payload(n))
    ws.expect_message(OP_BINARY, binary_payload(4))
    finish(ws)
