"""RFC 6455 control frames: Ping/Pong (5.5.2, 5.5.3; Autobahn family 2)
and the closing handshake (5.5.1, 7.1, 7.4; Autobahn family 7)."""

import struct

import pytest

from conf_helpers import expect_failure, expect_utf8_failure, finish
from wsclient import (OP_BINARY, OP_CLOSE, OP_CONT, OP_PING, OP_PONG, OP_TEXT, build_frame,
                      close_payload)


# ---------------------------------------------------------------- family 2

PING_PAYLOADS = {
    "empty": b"",
    "text": b"Hello, world!",
    "binary": bytes([0x00, 0xFF, 0xFE, 0xFD, 0xFC, 0xFB, 0x00, 0xFF]),
    "invalid-utf8": b"\xed\xa0\x80\xc0\xaf\xff",
    "124": bytes(range(124)),
    "125": bytes(255 - (i % 256) for i in range(125)),
}


@pytest.mark.parametrize("name", list(PING_PAYLOADS))
def test_ping_answered_with_same_payload(ws, name):
    """5.5.2 / 5.5.3: a Pong in response MUST carry the Ping's payload
    (any bytes, up to 125, not UTF-8-checked)."""
    payload = PING_PAYLOADS[name]
    ws.send_frame(OP_PING, payload)
    ws.expect_pong(payload)
    finish(ws)


def test_ping_chopped(ws):
    """A Ping arriving byte by byte."""
    payload = b"chopped ping payload"
    ws.send_frame(OP_PING, payload, chop=1, delay=0.001)
    ws.expect_pong(payload)
    finish(ws)


@pytest.mark.parametrize("length", [126, 127, 1000, 65535, 65536])
def test_ping_too_long(ws, length):
    """5.5: control frames MUST have a payload of 125 bytes or less;
    a longer Ping fails the connection (1002) and gets no Pong."""
    ws.send_raw(build_frame(OP_TEXT, b"before") + build_frame(OP_PING, b"\x2a" * length))
    expect_failure(ws, 1002, [(OP_TEXT, b"before")])


def test_pong_too_long(ws):
    """An over-long Pong is a protocol error as well."""
    ws.send_frame(OP_PONG, b"x" * 126)
    expect_failure(ws, 1002)


@pytest.mark.parametrize("payload", [b"", b"unsolicited", bytes(range(125))], ids=["empty", "text", "125"])
def test_unsolicited_pong_ignored(ws, payload):
    """5.5.3: an unsolicited Pong is allowed and expects no response
    (contract: Pongs are ignored, so nothing comes back for it)."""
    ws.send_frame(OP_PONG, payload)
    ws.send_frame(OP_TEXT, b"still here")
    ws.expect_message(OP_TEXT, b"still here")
    assert ws.pongs_seen == [], "the Pong was answered: %r" % ws.pongs_seen
    finish(ws)


def test_unsolicited_pong_then_ping(ws):
    """Only the Ping gets a Pong; the Pong is not echoed."""
    ws.send_raw(build_frame(OP_PONG, b"pong payload") + build_frame(OP_PING, b"ping payload"))
    ws.expect_pong(b"ping payload")
    finish(ws)


def test_ten_pings_one_by_one(ws):
    """Each Ping, sent after the previous Pong came, gets its own Pong."""
    for i in range(10):
        p = ("payload-%d" % i).encode()
        ws.send_frame(OP_PING, p)
        ws.expect_pong(p)
    finish(ws)


def test_ten_pings_in_a_burst(ws):
    """10 Pings in one write.  5.5.3 lets an endpoint answer only the most
    recent of Pings it has not answered yet, so the Pongs must be an
    in-order subsequence ending with the last Ping's payload."""
    pings = [("burst-%d" % i).encode() for i in range(10)]
    ws.send_raw(b"".join(build_frame(OP_PING, p) for p in pings) + build_frame(OP_CLOSE, close_payload(1000)))
    res = ws.read_until_close()
    assert res.code == 1000, res
    assert res.pongs, "no Pong at all for 10 Pings"
    assert res.pongs[-1] == pings[-1], res.pongs
    it = iter(pings)
    assert all(any(p == q for q in it) for p in res.pongs), "Pongs out of order or unknown: %r" % res.pongs


def test_ten_pings_chopped(ws):
    """10 Pings delivered in 3-byte pieces."""
    pings = [bytes([i]) * (i * 12) for i in range(10)]
    ws.send_raw(b"".join(build_frame(OP_PING, p) for p in pings), chop=3, delay=0.0002)
    res_pongs = []
    while len(res_pongs) < 10 and (not res_pongs or res_pongs[-1] != pings[-1]):
        ev = ws.recv_event()
        assert ev[0] == "pong", ev
        res_pongs.append(ev[1])
    assert res_pongs[-1] == pings[-1]
    it = iter(pings)
    assert all(any(p == q for q in it) for p in res_pongs), res_pongs
    finish(ws)


def test_ping_between_messages(ws):
    """Ping and messages keep their order."""
    ws.send_raw(build_frame(OP_TEXT, b"one") + build_frame(OP_PING, b"p")
                + build_frame(OP_BINARY, b"\x02"))
    ws.expect_message(OP_TEXT, b"one")
    ws.expect_pong(b"p")
    ws.expect_message(OP_BINARY, b"\x02")
    finish(ws)


def test_valid_ping_answered_before_too_long_ping(ws):
    """A 126-byte Ping after a valid one: the valid Ping is answered, then
    Close 1002."""
    ws.send_raw(build_frame(OP_PING, b"ok") + build_frame(OP_PING, b"y" * 126))
    res = ws.read_until_close()
    assert res.code == 1002, res
    assert res.pongs == [b"ok"], res.pongs


# ---------------------------------------------------------------- family 7

def test_close_empty(ws):
    """5.5.1: a Close without payload is answered with a Close (empty or
    1000, as 7.4.1 says 1005 is what the server saw), then TCP closes."""
    ws.send_frame(OP_CLOSE, b"")
    res = ws.read_until_close()
    assert res.code in (None, 1000), res
    assert res.messages == [] and res.pongs == []


def test_close_chopped(ws):
    ws.send_close(1000, b"bye", chop=1, delay=0.001)
    res = ws.read_until_close()
    assert res.code == 1000, res


VALID_CODES = [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014,
               3000, 3999, 4000, 4999]


@pytest.mark.parametrize("code", VALID_CODES)
def test_close_code_echoed(ws, code):
    """5.5.1 / 7.4: a Close with a valid status code is answered with a
    Close; the contract says the reply echoes the client's code."""
    ws.send_close(code)
    res = ws.read_until_close()
    assert res.code == code, res
    assert res.messages == []


@pytest.mark.parametrize("reason", [b"", b"Hello World!", "Unicode \u00fc\u00f1\u00ee\u00e7\u00f8d\u00e9 \u2603 \U0001F600".encode(),
                                    b"r" * 123], ids=["none", "ascii", "unicode", "123"])
def test_close_with_reason(ws, reason):
    """5.5.1: a code plus a UTF-8 reason (up to 123 bytes) is valid."""
    ws.send_close(1000, reason)
    res = ws.read_until_close()
    assert res.code == 1000, res


INVALID_CODES = [0, 1, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535]


@pytest.mark.parametrize("code", INVALID_CODES)
def test_close_code_invalid(ws, code):
    """7.4.1 / 7.4.2: codes below 1000, 1004-1006, 1015, the reserved
    1016-2999 and codes above 4999 are not valid in a Close frame:
    protocol error, Close 1002."""
    ws.send_close(code)
    res = ws.read_until_close()
    assert res.code == 1002, "Close %d answered with %r" % (code, res)


def test_close_one_byte_payload(ws):
    """5.5.1: a Close body, if any, starts with a 2-byte code; 1 byte is a
    protocol error."""
    ws.send_frame(OP_CLOSE, b"\x03")
    res = ws.read_until_close()
    assert res.code == 1002, res


@pytest.mark.parametrize("reason", [b"\xff", b"\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5\xed\xa0\x80edited",
                                    b"truncated \xe2\x82", b"\xc0\xaf overlong"],
                         ids=["ff", "surrogate", "truncated", "overlong"])
def test_close_reason_invalid_utf8(ws, reason):
    """5.5.1 / 8.1: the Close reason is UTF-8; invalid bytes: Close 1007."""
    ws.send_close(1000, reason)
    expect_utf8_failure(ws)


def test_data_after_close_ignored(ws):
    """5.5.1: after sending Close, the client sends no more data; if it
    does, the server (having received Close) does not process it."""
    ws.send_raw(build_frame(OP_CLOSE, close_payload(1000)) + build_frame(OP_TEXT, b"after close")
                + build_frame(OP_PING, b"after close"))
    res = ws.read_until_close()
    assert res.code == 1000, res
    assert res.messages == [] and res.pongs == [], res


def test_second_close_ignored(ws):
    """Only one Close is answered; a second one is not."""
    ws.send_raw(build_frame(OP_CLOSE, close_payload(1001)) + build_frame(OP_CLOSE, close_payload(1000)))
    res = ws.read_until_close()
    assert res.code == 1001, res


def test_invalid_frame_after_close_ignored(ws):
    """After the Close, even an illegal frame is not processed: the reply
    still echoes the client's code."""
    ws.send_raw(build_frame(OP_CLOSE, close_payload(3000)) + build_frame(5, b"reserved", rsv=7))
    res = ws.read_until_close()
    assert res.code == 3000, res


def test_message_then_close_same_write(ws):
    """Messages before the Close are echoed before the Close reply."""
    ws.send_raw(build_frame(OP_TEXT, b"m1") + build_frame(OP_BINARY, b"m2")
                + build_frame(OP_PING, b"pp") + build_frame(OP_CLOSE, close_payload(1000)))
    res = ws.read_until_close()
    assert res.code == 1000
    assert res.messages == [(OP_TEXT, b"m1"), (OP_BINARY, b"m2")], res.messages
    assert res.pongs == [b"pp"]


def test_close_inside_fragmented_message(ws):
    """5.4: control frames may come between fragments; a Close there ends
    the connection normally; the unfinished message is not delivered as a
    complete message."""
    ws.send_raw(build_frame(OP_TEXT, b"fragment one", fin=False) + build_frame(OP_CLOSE, close_payload(1000))
                + build_frame(OP_CONT, b" fragment two"))
    res = ws.read_until_close()
    assert res.code == 1000, res
    assert res.messages == [], res.messages


def test_close_code_plus_reason_too_long(ws):
    """A Close of 2 + 124 = 126 bytes exceeds the control frame limit."""
    ws.send_raw(build_frame(OP_CLOSE, struct.pack("!H", 1000) + b"a" * 124))
    res = ws.read_until_close()
    assert res.code == 1002, res


def test_tcp_closed_after_close_handshake(ws):
    """7.1.1: the server closes the TCP connection after the closing
    handshake; it does not wait for the client to do so."""
    ws.send_close(1000)
    res = ws.read_until_close(timeout=2)
    assert res.code == 1000
    assert ws.eof


@pytest.mark.parametrize("bad", ["reserved-opcode", "invalid-utf8", "unmasked"])
def test_fail_closes_tcp_without_waiting_for_reply(ws, bad):
    """7.1.7: to _Fail the WebSocket Connection_ the server sends Close and
    then closes TCP; it MUST NOT go on processing data, a responding Close
    included, so it does not wait for one.  The client here never answers
    the server's Close."""
    if bad == "reserved-opcode":
        ws.send_frame(3, b"")
        code = 1002
    elif bad == "invalid-utf8":
        ws.send_frame(OP_TEXT, b"\xff")
        code = 1007
    else:
        ws.send_frame(OP_BINARY, b"x", mask=False)
        code = 1002
    res = ws.read_until_close(timeout=2, reply=False)
    assert res.code == code, res
    assert ws.eof


def test_close_after_fragment_continuation_dropped(ws):
    """A text fragment, a ping, then Close: the pong comes, then Close."""
    ws.send_raw(build_frame(OP_TEXT, b"abc", fin=False) + build_frame(OP_PING, b"x")
                + build_frame(OP_CLOSE, close_payload(1000)))
    res = ws.read_until_close()
    assert res.code == 1000
    assert res.pongs == [b"x"]
    assert res.messages == []
