"""Client bytes reach log lines (the Host in "a Host that is not
host[:port]", which the request gate refuses such a Host with, a token
in "token ... is not in", the request path) and, under systemd, journal
fields.  UTF-8-encoded C1 controls (CSI "\\xc2\\x9b", OSC "\\xc2\\x9d",
which terminals act on like ESC [ and ESC ]), C0 controls, DEL and
invalid UTF-8 must not get there raw: every stderr line and every journal
field must be valid UTF-8 without C0, C1 or DEL, while a valid character
("é") is kept.  stderr is read as bytes; the journal case owns the
journal's socket (a private mount namespace with a tmpfs on
/run/systemd) and reads each datagram."""

import socket
import subprocess

from harness import ROOT_ARGS

# http-parser refuses C0 and DEL in a target or a header value (400):
# what gets through is bytes of 0x80 and above.
EVIL = b"\xc2\x9b" b"31m\xc2\x9d" b"0;pwned\xc2\x9c\xff\xfe\xc0\xaf\xed\xa0\x80\x9b"
C1 = b"\xc2\x9b" b"31m\xc2\x9d" b"0;pwned\xc2\x9c"    # valid UTF-8, all C1
HOST = b"caf\xc3\xa9" + EVIL + b".example"


def requests():
    return [
        b"GET /x HTTP/1.1\r\nHost: caf\xc3\xa9" + C1 + b"\r\n\r\n",
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
    srv.wait_log('"GET /p')
    raw = open(srv.logpath, "rb").read()
    for line in raw.split(b"\n"):
        why = unsafe(line)
        assert why is None, "%s in %r" % (why, line)
    assert "a Host that is not host[:port] (Host \"caf\u00e9?".encode() in raw, raw


CAPTURE = r'''
import os, socket, subprocess, sys
os.makedirs("/run/systemd/journal", exist_ok=True)
j = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
j.bind("/run/systemd/journal/socket")
j.settimeout(10)
for req in sys.stdin.buffer.read().split(b"\0\0"):
    cli, srv = socket.socketpair()
    r, w = os.pipe()
    st = os.fstat(w)
    env = dict(os.environ, JOURNAL_STREAM="%d:%d" % (st.st_dev, st.st_ino))
    p = subprocess.Popen(sys.argv[1:], stdin=srv, stdout=srv, stderr=w, env=env)
    srv.close(); os.close(w)
    cli.sendall(req)
    cli.settimeout(10)
    while cli.recv(4096):
        pass
    p.wait(10)
    while True:
        e = j.recv(65536)
        sys.stdout.buffer.write(e.hex().encode() + b"\n")
        if b"WSINETD_PEER=" in e:          # the access line ends it
            break
'''


def test_log_controls_journal(wsinetd, tmp_path):
    script = tmp_path / "capture.py"
    script.write_text(CAPTURE)
    r = subprocess.run(
        ["unshare", "-m", "--propagation", "private", "sh", "-c",
         'mount -t tmpfs none /run/systemd && exec "$0" "$@"',
         "/usr/bin/python3", str(script), wsinetd.bin, *ROOT_ARGS, *args(tmp_path)],
        input=b"\0\0".join(requests()), capture_output=True, timeout=60, env=wsinetd.env)
    assert r.returncode == 0, r.stderr.decode(errors="replace")
    entries = [bytes.fromhex(h.decode()) for h in r.stdout.split()]
    assert len(entries) >= 5, entries
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
    assert any(m.startswith("only.example") is False and "a Host that is not host[:port] (Host \"caf\u00e9?" in m
               for m in messages), messages
    assert sum("WSINETD_PEER=" in e.decode("utf-8", "replace") for e in entries) == 3
