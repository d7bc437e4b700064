"""RFC 6455 section 5.6 / 8.1: text messages are UTF-8 (RFC 3629);
invalid UTF-8 fails the connection with 1007 (Autobahn family 6)."""

import time

import pytest

from conf_helpers import expect_utf8_failure, finish
from wsclient import OP_BINARY, OP_CONT, OP_PING, OP_TEXT, build_frame, is_utf8

VALID = {
    "ascii": "Hello, world!",
    "kosme": "\u03ba\u1f79\u03c3\u03bc\u03b5",
    "mixed-latin": "Hello-\u00b5@\u00df\u00f6\u00e4\u00fc\u00e0\u00e1-UTF-8!!",
    "nul": "a\x00b\x00",
    "2byte-first": "\u0080",
    "2byte-last": "\u07ff",
    "3byte-first": "\u0800",
    "before-surrogates": "\ud7ff",
    "after-surrogates": "\ue000",
    "replacement-char": "\ufffd",
    "bom": "\ufeff",
    "nonchar-fdd0": "\ufdd0",
    "nonchar-fffe": "\ufffe",
    "3byte-last": "\uffff",
    "4byte-first": "\U00010000",
    "4byte-last": "\U0010ffff",
    "nonchar-10fffe": "\U0010fffe",
    "emoji": "\U0001f600\U0001f680\U0001f4a9",
    "cjk": "\u4e2d\u6587\u65e5\u672c\u8a9e\ud55c\uad6d\uc5b4",
    "all-lengths": "a\u00e9\u4e2d\U0001f600z" * 50,
}


@pytest.mark.parametrize("name", list(VALID))
def test_valid_utf8_echoed(ws, name):
    """Valid UTF-8 (noncharacters, U+FFFF, U+10FFFF and a BOM are valid
    too) is echoed byte for byte as text."""
    data = VALID[name].encode("utf-8")
    ws.send_frame(OP_TEXT, data)
    ws.expect_message(OP_TEXT, data)
    finish(ws)


SPLIT_SAMPLES = {
    "kosme": "\u03ba\u1f79\u03c3\u03bc\u03b5",
    "mixed-latin": "Hello-\u00b5@\u00df\u00f6\u00e4\u00fc\u00e0\u00e1-UTF-8!!",
    "4byte": "\U0001f600\U00010000\U0010ffff\U0001d11e",
    "3byte": "\u0800\uffff\u20ac\ufffd\ue000",
    "boundaries": "\u0080\u07ff\u0800\uffff\U00010000\U0010ffff",
}


@pytest.mark.parametrize("name", list(SPLIT_SAMPLES))
def test_valid_utf8_split_at_every_byte(ws, name):
    """A valid text message split into two fragments at every byte offset
    (so inside multi-byte characters) is valid: 5.6 checks the whole
    message, not single frames."""
    data = SPLIT_SAMPLES[name].encode("utf-8")
    batch = b""
    for i in range(1, len(data)):
        batch += build_frame(OP_TEXT, data[:i], fin=False) + build_frame(OP_CONT, data[i:])
    ws.send_raw(batch)
    for i in range(1, len(data)):
        ws.expect_message(OP_TEXT, data)
    finish(ws)


@pytest.mark.parametrize("name", list(SPLIT_SAMPLES))
def test_valid_utf8_one_byte_fragments(ws, name):
    """Each byte in its own fragment, each fragment delivered separately."""
    data = SPLIT_SAMPLES[name].encode("utf-8")
    frames = [build_frame(OP_TEXT if i == 0 else OP_CONT, data[i:i + 1], fin=(i == len(data) - 1))
              for i in range(len(data))]
    for f in frames:
        ws.send_raw(f)
    ws.expect_message(OP_TEXT, data)
    finish(ws)


def test_valid_utf8_split_with_ping_inside_character(ws):
    """A Ping between two fragments that split a 4-byte character."""
    data = "x\U0001f600y".encode()
    ws.send_raw(build_frame(OP_TEXT, data[:3], fin=False) + build_frame(OP_PING, b"p")
                + build_frame(OP_CONT, data[3:]))
    ws.expect_message(OP_TEXT, data)
    assert ws.pongs_seen == [b"p"]
    finish(ws)


INVALID = {
    # lone continuation bytes
    "cont-80": b"\x80",
    "cont-bf": b"\xbf",
    "cont-80bf": b"\x80\xbf",
    "cont-80bf80bf": b"\x80\xbf\x80\xbf",
    "cont-all": bytes(range(0x80, 0xC0)),
    "cont-after-ascii": b"abc\x80def",
    # start bytes followed by a space
    "lonely-c0": b"\xc0 ",
    "lonely-c2": b"\xc2 ",
    "lonely-e0": b"\xe0 ",
    "lonely-ef": b"\xef ",
    "lonely-f0": b"\xf0 ",
    "lonely-f4": b"\xf4 ",
    # sequences with the last byte missing, then ASCII
    "missing-2of2": b"\xce\x41",
    "missing-3of3": b"\xe2\x82\x41",
    "missing-4of4": b"\xf0\x9f\x98\x41",
    # truncated at the end of the message
    "truncated-2": b"\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce",
    "truncated-3": b"price \xe2\x82",
    "truncated-4": b"smile \xf0\x9f\x98",
    "truncated-4-of-1": b"\xf0",
    # bytes that never appear in UTF-8
    "byte-fe": b"\xfe",
    "byte-ff": b"\xff",
    "bytes-fefeffff": b"\xfe\xfe\xff\xff",
    "byte-f5": b"\xf5\x80\x80\x80",
    "byte-f8-5byte": b"\xf8\x88\x80\x80\x80",
    "byte-fc-6byte": b"\xfc\x84\x80\x80\x80\x80",
    # overlong encodings
    "overlong-slash-2": b"\xc0\xaf",
    "overlong-slash-3": b"\xe0\x80\xaf",
    "overlong-slash-4": b"\xf0\x80\x80\xaf",
    "overlong-max-2": b"\xc1\xbf",
    "overlong-max-3": b"\xe0\x9f\xbf",
    "overlong-max-4": b"\xf0\x8f\xbf\xbf",
    "overlong-nul-2": b"\xc0\x80",
    "overlong-nul-3": b"\xe0\x80\x80",
    # UTF-16 surrogates
    "surrogate-d800": b"\xed\xa0\x80",
    "surrogate-db7f": b"\xed\xad\xbf",
    "surrogate-dbff": b"\xed\xaf\xbf",
    "surrogate-dc00": b"\xed\xb0\x80",
    "surrogate-dfff": b"\xed\xbf\xbf",
    "surrogate-pair": b"\xed\xa0\x80\xed\xb0\x80",
    "surrogate-in-text": b"\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5\xed\xa0\x80edited",
    # above U+10FFFF
    "above-10ffff": b"\xf4\x90\x80\x80",
    "above-max-f7": b"\xf7\xbf\xbf\xbf",
    # bad continuation inside a sequence
    "bad-cont-3": b"\xe0\xa0\xc0",
    "bad-cont-4": b"\xf4\x8f\xbf\xc0",
    "valid-then-invalid": "\u00fc\u20ac\U0001f600ok".encode() + b"\xc3\x28",
}


@pytest.mark.parametrize("name", list(INVALID))
def test_invalid_utf8(connect, name):
    """8.1: text that is not valid UTF-8 MUST fail the connection: 1007.

    Connection 1: a valid message, the invalid one in a single frame, a
    Ping; the valid message is echoed, the Ping not answered.
    Connection 2: the same invalid text with one byte per fragment, so
    the bad sequence is split across fragments: still 1007."""
    c = connect()
    c.send_raw(build_frame(OP_TEXT, b"valid first") + build_frame(OP_TEXT, INVALID[name])
               + build_frame(OP_PING, b"after"))
    res = expect_utf8_failure(c, [(OP_TEXT, b"valid first")])
    assert res.pongs == [], res.pongs

    c = connect()
    data = INVALID[name]
    c.send_raw(b"".join(build_frame(OP_TEXT if i == 0 else OP_CONT, data[i:i + 1], fin=(i == len(data) - 1))
                        for i in range(len(data))))
    expect_utf8_failure(c)


@pytest.mark.parametrize("name", ["surrogate-in-text", "truncated-4", "overlong-slash-3", "missing-3of3"])
def test_invalid_utf8_in_last_fragment(ws, name):
    """A valid first fragment and an invalid continuation: 1007."""
    ws.send_raw(build_frame(OP_TEXT, "valid \u00e9 start ".encode(), fin=False)
                + build_frame(OP_CONT, INVALID[name]))
    expect_utf8_failure(ws)


@pytest.mark.parametrize("name", ["surrogate-d800", "byte-ff", "overlong-slash-2", "above-10ffff"])
def test_invalid_utf8_in_first_fragment_then_pause(ws, name):
    """An invalid first fragment; the rest comes later.  Whether the
    server fails at once or at the end, the result is Close 1007."""
    ws.send_frame(OP_TEXT, b"ab" + INVALID[name] + b"cd", fin=False)
    time.sleep(0.1)
    ws.send_frame(OP_CONT, b"rest of the message")
    expect_utf8_failure(ws)


def test_truncated_sequence_across_message_end(ws):
    """A message ending inside a character is invalid even when the next
    message starts with the missing continuation bytes."""
    ws.send_raw(build_frame(OP_TEXT, b"\xe2\x82") + build_frame(OP_TEXT, b"\xac"))
    expect_utf8_failure(ws)


def test_utf8_state_resets_per_message(ws):
    """Two complete valid messages, then one invalid: both echoed."""
    a = "\u20ac".encode()
    ws.send_raw(build_frame(OP_TEXT, a) + build_frame(OP_TEXT, a + a) + build_frame(OP_TEXT, b"\xed\xa0\x80"))
    expect_utf8_failure(ws, [(OP_TEXT, a), (OP_TEXT, a + a)])


@pytest.mark.parametrize("name", ["surrogate-pair", "bytes-fefeffff", "overlong-nul-2", "cont-all"])
def test_binary_not_utf8_checked(ws, name):
    """5.6: binary data is arbitrary; invalid UTF-8 in binary is echoed."""
    ws.send_frame(OP_BINARY, INVALID[name])
    ws.expect_message(OP_BINARY, INVALID[name])
    finish(ws)


def test_binary_fragmented_with_invalid_utf8(ws):
    ws.send_raw(build_frame(OP_BINARY, b"\xe2", fin=False) + build_frame(OP_CONT, b"\xff\xc0"))
    ws.expect_message(OP_BINARY, b"\xe2\xff\xc0")
    finish(ws)


@pytest.mark.parametrize("where", ["end", "middle"])
def test_invalid_utf8_deep_in_large_text(ws, where):
    """One surrogate in 1 MiB of otherwise valid multi-byte text, delivered
    in odd-sized pieces: the validator keeps its state across reads."""
    unit = "\u00e9\u20ac\U0001f600a".encode()
    body = unit * (512 * 1024 // len(unit))
    bad = body + b"\xed\xa0\x80" + (body if where == "middle" else b"")
    ws.send_frame(OP_TEXT, bad, chop=[1021, 4099, 65537])
    expect_utf8_failure(ws)


def test_invalid_utf8_after_many_valid_fragments(ws):
    """99 valid fragments splitting characters, then a fragment whose
    first byte cannot continue the split character."""
    unit = "\u20ac\U0001f600".encode()  # 7 bytes
    data = unit * 100
    parts = [data[:5]] + [data[5 + 7 * (i - 1):5 + 7 * i] for i in range(1, 99)]
    assert not is_utf8(b"".join(parts)) and is_utf8(data[:5 + 7 * 98 + 2])
    frames = b"".join(build_frame(OP_TEXT if i == 0 else OP_CONT, p, fin=False)
                      for i, p in enumerate(parts))
    # the stream so far ends inside a 4-byte character; 'X' cannot continue it
    frames += build_frame(OP_CONT, b"X", fin=True)
    ws.send_raw(frames)
    expect_utf8_failure(ws)
