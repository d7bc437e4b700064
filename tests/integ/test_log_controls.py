"""Client bytes reach log lines (the Host in "a Host that is not
host[:port]", which the request gate refuses such a Host with, an Origin
in its 403 line, a refused request target in its 400 line) and, under
systemd, journal
fields.  UTF-8-encoded C1 controls (CSI "\\xc2\\x9b", OSC "\\xc2\\x9d",
which terminals act on like ESC [ and ESC ]), C0 controls, DEL and
invalid UTF-8 must not get there raw: every stderr line and every journal
field must be valid UTF-8 without C0, C1 or DEL, while a valid character
("é") is kept.  stderr is read as bytes; the journal case owns the
journal's socket (a private mount namespace with a tmpfs on
/run/systemd) and reads each datagram."""

import socket

from journal_helpers import journal_entries

# http-parser refuses C0 and DEL in a target or a header value (400):
# what gets through is bytes of 0x80 and above.
EVIL = b"\xc2\x9b" b"31m\xc2\x9d" b"0;pwned\xc2\x9c\xff\xfe\xc0\xaf\xed\xa0\x80\x9b"
C1 = b"\xc2\x9b" b"31m\xc2\x9d" b"0;pwned\xc2\x9c"    # valid UTF-8, all C1
HOST = b"caf\xc3\xa9" + EVIL + b".example"


UPGRADE = (b"Upgrade: websocket\r\nConnection: Upgrade\r\n"
           b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n")
# Since the gate, a Host that is not host[:port] and a target that is not
# visible ASCII are refused (400) before they are logged whole; an Origin
# still is, in its 403 line, and the refused target in its 400 line.
ORIGIN_LINE = "(Origin http://caf??"


def requests():
    return [
        b"GET /x HTTP/1.1\r\nHost: caf\xc3\xa9" + C1 + b"\r\n\r\n",
        b"GET /b HTTP/1.1\r\nHost: only.example\r\nOrigin: http://caf\xc3\xa9" + C1 +
        b"\r\n" + UPGRADE + b"\r\n",
        b"GET /?token=t" + EVIL + b" HTTP/1.1\r\nHost: only.example\r\n\r\n",
        b"GET /p" + EVIL + b" HTTP/1.1\r\nHost: " + HOST + b"\r\n\r\n",
    ]


def unsafe(b):
    """Why b (one line or field, no newline) is not safe text, or None."""
    try:
        s = b.decode("utf-8")
    except UnicodeDecodeError as e:
        return "invalid UTF-8: %s" % e
    for ch in s:
        if ord(ch) < 0x20 or 0x7f <= ord(ch) <= 0x9f:
            return "control U+%04X" % ord(ch)
    return None


def args(tmp_path):
    tokens = tmp_path / "tokens"
    tokens.write_text("known: 127.0.0.1:1\n")
    return ["--token-file", str(tokens), "--route", "only.example/b=echo"]


def test_log_controls_stderr(wsinetd, tmp_path):
    srv = wsinetd.socket_activate(*args(tmp_path))
    for req in requests():
        s = socket.create_connection((srv.host, srv.port), timeout=10)
        s.sendall(req)
        s.settimeout(10)
        while s.recv(4096):
            pass
        s.close()
    srv.wait_log("a Host that is not host[:port]")
    srv.wait_log(ORIGIN_LINE)
    srv.wait_log('"GET /p')
    raw = open(srv.logpath, "rb").read()
    for line in raw.split(b"\n"):
        why = unsafe(line)
        assert why is None, "%s in %r" % (why, line)
    assert "a Host that is not host[:port] (Host \"caf\u00e9?".encode() in raw, raw
    assert ORIGIN_LINE.encode() in raw, raw




def test_log_controls_journal(wsinetd, tmp_path):
    entries = journal_entries(wsinetd, tmp_path, args(tmp_path), requests(), tail=b"")
    assert len(entries) >= 7, entries
    messages = []
    for e in entries:
        # Every field is NAME=value on one line: none needs the binary form.
        for field in e.rstrip(b"\n").split(b"\n"):
            assert b"=" in field, "not NAME=value: %r in %r" % (field, e)
            name, value = field.split(b"=", 1)
            why = unsafe(value)
            assert why is None, "%s in %s=%r" % (why, name.decode(), value)
            if name == b"MESSAGE":
                messages.append(value.decode())
    assert any("a Host that is not host[:port] (Host \"caf\u00e9?" in m for m in messages), messages
    assert any(ORIGIN_LINE in m for m in messages), messages
    assert sum("WSINETD_PEER=" in e.decode("utf-8", "replace") for e in entries) == 4
