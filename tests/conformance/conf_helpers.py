"""Shared bits of the conformance tests (payload makers, closing checks)."""

import random

from wsclient import OP_BINARY, OP_TEXT, is_utf8


def text_payload(n, seed=0):
    """n bytes of printable ASCII (valid UTF-8), not a constant pattern."""
    rnd = random.Random(seed * 7919 + n)
    return bytes(rnd.randrange(0x20, 0x7F) for _ in range(n)) if n < 4096 else \
        (bytes(range(0x20, 0x7F)) * (n // 95 + 1))[:n]


def binary_payload(n, seed=0):
    """n bytes covering every byte value, including invalid UTF-8."""
    rnd = random.Random(seed * 104729 + n)
    if n < 65536:
        return bytes(rnd.getrandbits(8) for _ in range(n))
    block = bytes(rnd.getrandbits(8) for _ in range(65521))  # prime length
    return (block * (n // len(block) + 1))[:n]


def payload_for(opcode, n, seed=0):
    return text_payload(n, seed) if opcode == OP_TEXT else binary_payload(n, seed)


def finish(c, code=1000):
    """A clean closing handshake: nothing else may come before the reply."""
    c.send_close(code)
    res = c.read_until_close()
    assert res.code == code, "expected Close %r echoed, got %r" % (code, res)
    assert res.messages == [], "unexpected messages before Close: %r" % res.messages[:3]
    assert res.pongs == [], "unexpected pongs before Close: %r" % res.pongs
    assert res.partial is None, "unfinished message before Close: %r" % (res.partial,)
    return res


def expect_failure(c, code, before=()):
    """The server fails the connection with Close `code` (RFC 6455 7.1.7).

    `before` lists the (opcode, payload) messages that were complete before
    the offending frame: exactly those must have been echoed, in order.
    Nothing after the offending frame may be answered (no pong)."""
    res = c.read_until_close()
    assert res.code == code, "expected Close %d, got %r" % (code, res)
    assert res.messages == list(before), "echoed messages %r, expected %r" % (
        [(op, p[:40]) for op, p in res.messages], [(op, p[:40]) for op, p in before])
    assert res.pongs == [], "server answered a ping after the error: %r" % res.pongs
    return res


def expect_utf8_failure(c, before=()):
    """Close 1007, and no complete echoed text message is invalid UTF-8.

    The server may fail fast, so an unfinished echoed prefix of the bad
    message is allowed; complete messages must be exactly `before`."""
    res = c.read_until_close()
    assert res.code == 1007, "expected Close 1007, got %r" % res
    for op, p in res.messages:
        if op == OP_TEXT:
            assert is_utf8(p), "server echoed a complete text message with invalid UTF-8: %r" % p[:80]
    assert res.messages == list(before), "echoed messages %r, expected %r" % (
        [(op, p[:40]) for op, p in res.messages], [(op, p[:40]) for op, p in before])
    return res


__all__ = ["text_payload", "binary_payload", "payload_for", "finish", "expect_failure",
           "expect_utf8_failure", "OP_TEXT", "OP_BINARY"]
