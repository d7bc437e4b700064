"""Text split into fragments in the middle of a UTF-8 sequence is valid and
echoes whole (RFC 6455 §8.1: validity is of the whole message); a sequence
left incomplete at the end of the message gets Close 1007."""

from helpers import OP_CONT, OP_TEXT, answer_close, frame, open_ws

TEXT = "caf\u00e9 \u4e2d\u6587 \U0001f600".encode()


def test_fragmented_utf8(wsinetd):
    srv = wsinetd.socket_activate("echo")
    c = open_ws(srv)
    cuts = [4, 8, 15, len(TEXT)]          # each inside a multi-byte char
    parts, prev = [], 0
    for i, cut in enumerate(cuts):
        op = OP_TEXT if i == 0 else OP_CONT
        parts.append(frame(op, TEXT[prev:cut], fin=cut == len(TEXT)))
        prev = cut
    c.send(b"".join(parts))
    assert c.read_message() == (OP_TEXT, TEXT)
    c.send(frame(OP_TEXT, TEXT[:5], fin=False) + frame(OP_CONT, b"ok \xe4\xb8"))
    assert c.read_until_close() == (b"", 1007)
    answer_close(c, 1007)
