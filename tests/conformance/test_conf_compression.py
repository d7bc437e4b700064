"""RFC 7692 permessage-deflate, in the spirit of Autobahn's families 12
(compressed messages of many sizes and kinds) and 13 (each negotiation
setting), against `wsinetd --compress echo`.  The client compresses its
messages (RSV1, raw DEFLATE, tail removed, context kept unless
negotiated otherwise); echo compresses its replies as they stream, and
wsclient inflates them under the negotiated server parameters.
"""

import random
import zlib

import pytest

from conf_helpers import expect_failure, finish, payload_for
from wsclient import OP_BINARY, OP_CONT, OP_PING, OP_TEXT, build_frame, open_ws

RSV1 = 4        # wsclient's rsv argument: RSV1 = 4, RSV2 = 2, RSV3 = 1


class Deflater:
    """The client side of RFC 7692 7.2.1."""

    def __init__(self, bits=15, no_context=False):
        self.bits, self.no_context = bits, no_context
        self.c = None

    def message(self, data):
        if self.c is None or self.no_context:
            self.c = zlib.compressobj(6, zlib.DEFLATED, -self.bits)
        out = self.c.compress(data) + self.c.flush(zlib.Z_SYNC_FLUSH)
        assert out.endswith(b"\x00\x00\xff\xff")
        return out[:-4]


@pytest.fixture
def pmd_server(start):
    return start("--compress", "echo")


def open_pmd(server, offer="permessage-deflate; client_max_window_bits"):
    c = open_ws(server, extensions=offer)
    assert c.extensions is not None, "permessage-deflate was not negotiated"
    return c


def compressible(n, seed):
    words = [b"alpha", b"beta", b"gamma", b"delta", b"{\"id\": ", b"}, ", b"\n"]
    r = random.Random(seed)
    out = bytearray()
    while len(out) < n:
        out += r.choice(words)
    return bytes(out[:n])


SIZES = [16, 64, 256, 1024, 4096, 8192, 16384, 32768, 65536, 131072, 1 << 20]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("kind", ["text", "binary"])
def test_12_compressed_echo(pmd_server, kind, size):
    """12.x: 10 compressed messages of one size, sent back to back, each
    echoed whole: compressible text, or random (incompressible) binary."""
    c = open_pmd(pmd_server)
    d = Deflater()
    op = OP_TEXT if kind == "text" else OP_BINARY
    msgs = [compressible(size, i) if kind == "text" else payload_for(OP_BINARY, size, i)
            for i in range(10)]
    c.send_raw(b"".join(build_frame(op, d.message(m), rsv=RSV1) for m in msgs))
    for m in msgs:
        c.expect_message(op, m)
    assert c.compressed_received == len(msgs)
    finish(c)
    c.close()


# 13.x: (offer, expected response, client window bits, client no context)
SETTINGS = [
    ("permessage-deflate", "permessage-deflate", 15, False),
    ("permessage-deflate; client_no_context_takeover",
     "permessage-deflate; client_no_context_takeover", 15, True),
    ("permessage-deflate; client_max_window_bits=9",
     "permessage-deflate; client_max_window_bits=9", 9, False),
    ("permessage-deflate; client_max_window_bits=15",
     "permessage-deflate; client_max_window_bits=15", 15, False),
    ("permessage-deflate; client_no_context_takeover; client_max_window_bits=9",
     "permessage-deflate; client_no_context_takeover; client_max_window_bits=9", 9, True),
    ("permessage-deflate; server_no_context_takeover; server_max_window_bits=9",
     "permessage-deflate; server_no_context_takeover; server_max_window_bits=9", 15, False),
    ("permessage-deflate; server_max_window_bits=8, permessage-deflate; client_max_window_bits=12",
     "permessage-deflate; client_max_window_bits=12", 12, False),
]


@pytest.mark.parametrize("offer,response,bits,no_context", SETTINGS,
                         ids=["13.%d" % (i + 1) for i in range(len(SETTINGS))])
@pytest.mark.parametrize("size", [16, 4096, 65536, 262144])
def test_13_settings(pmd_server, offer, response, bits, no_context, size):
    """13.x: the negotiated parameters are answered exactly, and messages
    compressed under them are echoed."""
    c = open_pmd(pmd_server, offer)
    assert c.extensions == response
    d = Deflater(bits, no_context)
    msgs = [compressible(size, i) for i in range(5)]
    c.send_raw(b"".join(build_frame(OP_TEXT, d.message(m), rsv=RSV1) for m in msgs))
    for m in msgs:
        c.expect_message(OP_TEXT, m)
    assert c.compressed_received == len(msgs)
    finish(c)
    c.close()


def test_compressed_chopped(pmd_server):
    """A compressed message delivered one byte per send."""
    c = open_pmd(pmd_server)
    m = compressible(300, 1)
    c.send_frame(OP_TEXT, Deflater().message(m), rsv=RSV1, chop=1)
    c.expect_message(OP_TEXT, m)
    finish(c)
    c.close()


def test_compressed_fragmented_with_pings(pmd_server):
    """A compressed message in 50 fragments, RSV1 on the first only, with
    a Ping answered in the middle."""
    c = open_pmd(pmd_server)
    m = "κόσμε ünïcödé 😀 ".encode() * 20000       # splits sequences across pieces
    z = Deflater().message(m)
    n = len(z) // 50 + 1
    parts = [z[i:i + n] for i in range(0, len(z), n)]
    data = b""
    for i, p in enumerate(parts):
        data += build_frame(OP_TEXT if i == 0 else OP_CONT, p, fin=i == len(parts) - 1,
                            rsv=RSV1 if i == 0 else 0)
        if i == 25:
            data += build_frame(OP_PING, b"mid")
    c.send_raw(data)
    c.expect_pong(b"mid")
    c.expect_message(OP_TEXT, m)
    finish(c)
    c.close()


@pytest.mark.parametrize("payload", [b"", b"\x00", b"\x02\x00"],
                         ids=["empty", "stored_empty", "fixed_empty"])
def test_compressed_empty(pmd_server, payload):
    """An empty message, compressed three ways."""
    c = open_pmd(pmd_server)
    c.send_frame(OP_BINARY, payload, rsv=RSV1)
    c.expect_message(OP_BINARY, b"")
    finish(c)
    c.close()


@pytest.mark.parametrize("payload", [
    bytes([0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00]),
    bytes([0x00, 0x05, 0x00, 0xfa, 0xff, 0x48, 0x65, 0x6c, 0x6c, 0x6f, 0x00]),
    bytes([0xf3, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00, 0x00]),
    bytes([0xf2, 0x48, 0x05, 0x00, 0x00, 0x00, 0xff, 0xff, 0xca, 0xc9, 0xc9, 0x07, 0x00]),
], ids=["7.2.3.1", "7.2.3.3", "7.2.3.4", "7.2.3.5"])
def test_rfc7692_examples(pmd_server, payload):
    """RFC 7692 7.2.3's "Hello" payloads, each twice on one connection
    (the second after the first's context, BFINAL included)."""
    c = open_pmd(pmd_server)
    c.send_frame(OP_TEXT, payload, rsv=RSV1)
    c.expect_message(OP_TEXT, b"Hello")
    c.send_frame(OP_TEXT, bytes([0xf2, 0x00, 0x11, 0x00, 0x00]), rsv=RSV1)
    c.expect_message(OP_TEXT, b"Hello")
    finish(c)
    c.close()


def test_mixed_compressed_and_plain(pmd_server):
    """RSV1 is per message: plain messages may come between compressed
    ones, and the compression context skips them."""
    c = open_pmd(pmd_server)
    d = Deflater()
    for i in range(6):
        m = compressible(2000, i)
        if i % 2:
            c.send_frame(OP_TEXT, m)
        else:
            c.send_frame(OP_TEXT, d.message(m), rsv=RSV1)
        c.expect_message(OP_TEXT, m)
    finish(c)
    c.close()


@pytest.mark.parametrize("case", ["rsv1_continuation", "rsv1_ping", "bad_deflate"])
def test_compression_failures(pmd_server, case):
    """RSV1 on a continuation or a control frame: 1002; invalid DEFLATE
    data: 1007.  The message before it is echoed."""
    c = open_pmd(pmd_server)
    d = Deflater()
    c.send_frame(OP_TEXT, d.message(b"before"), rsv=RSV1)
    if case == "rsv1_continuation":
        c.send_frame(OP_TEXT, d.message(b"ab"), fin=False, rsv=RSV1)
        c.send_frame(OP_CONT, b"\x00", rsv=RSV1)
        expect_failure(c, 1002, [(OP_TEXT, b"before")])
    elif case == "rsv1_ping":
        c.send_frame(OP_PING, b"x", rsv=RSV1)
        expect_failure(c, 1002, [(OP_TEXT, b"before")])
    else:
        c.send_frame(OP_BINARY, b"\xfe\xff\xff", rsv=RSV1)
        expect_failure(c, 1007, [(OP_TEXT, b"before")])
    c.close()


@pytest.mark.parametrize("size,compressed", [(0, False), (63, False), (64, True),
                                             (5000, True)])
def test_echo_compress_min(pmd_server, size, compressed):
    """A plain (uncompressed) message is echoed compressed when it is at
    least --compress-min (64) bytes; in fragments it always is (its size
    is unknown when the reply starts)."""
    c = open_pmd(pmd_server)
    m = compressible(size, 3)
    c.send_frame(OP_BINARY, m)
    c.expect_message(OP_BINARY, m)
    assert c.compressed_received == int(compressed)
    c.send_frame(OP_BINARY, m[:1], fin=False)
    c.send_frame(OP_CONT, m[1:])
    c.expect_message(OP_BINARY, m)
    assert c.compressed_received == int(compressed) + 1
    finish(c)
    c.close()


def test_no_offer_no_extension(start):
    """Without an offer nothing is negotiated even with --compress, and
    RSV1 is then a protocol error."""
    c = open_ws(start("--compress", "echo"))
    assert c.extensions is None
    c.send_frame(OP_TEXT, Deflater().message(b"x"), rsv=RSV1)
    expect_failure(c, 1002)
    c.close()
