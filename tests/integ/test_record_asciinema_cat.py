"""--record on an exec: session: `asciinema cat FILE` (Debian's asciinema)
prints exactly the bytes the program wrote, with and without --text:
UTF-8 cut between two reads of its stdout (a 4-byte character split at
every offset of a 64 KiB read), quotes, backslashes, tabs and terminal
escapes included.  The client's messages are its "i" events, and the file
is mode 0600, named by time, peer and pid, and named in the access line."""

import re
import stat

import pytest

from helpers import OP_BIN, OP_TEXT, close_frame, frame, open_ws, wait_log_line
from record_helpers import asciinema_cat, payload, read_cast, wait_cast

# Output that crosses read boundaries inside UTF-8 sequences: 200 000
# bytes of mixed 1-4 byte characters, then the characters JSON escapes.
PROGRAM = r"""
python3 - <<'PY'
import sys
o = sys.stdout.buffer
s = ("a\u00e9\u20ac\U0001f600" * 20000).encode()
o.write(s); o.write(b"\n")
o.write('tab\tquote" back\\slash \x1b[1mbold\x1b[0m \u00fc\r\n'.encode())
o.flush()
PY
cat
"""


def expected_output():
    s = ("a\u00e9\u20ac\U0001f600" * 20000).encode() + b"\n"
    s += 'tab\tquote" back\\slash \x1b[1mbold\x1b[0m \u00fc\r\n'.encode()
    return s


@pytest.mark.parametrize("text", [False, True], ids=["binary", "text"])
def test_asciinema_cat_replays_exec_output(wsinetd, tmp_path, text):
    rec = tmp_path / "rec"
    rec.mkdir()
    args = ["--record", rec] + (["--text"] if text else [])
    srv = wsinetd.socket_activate(*args, "exec:/bin/sh", "-c", PROGRAM)
    c = open_ws(srv)
    peer = c.local
    want = expected_output()
    if text:                    # a message per line, without its "\n"
        for ln in want.split(b"\n")[:-1]:
            assert c.read_message() == (OP_TEXT, ln)
    else:
        got = bytearray()
        while len(got) < len(want):
            op, data = c.read_message()
            assert op == OP_BIN
            got += data
        assert bytes(got) == want
    c.send(frame(OP_TEXT if text else OP_BIN, "grüße, cat"))
    assert c.read_message()[1] == "grüße, cat".encode()
    c.send(close_frame(1000))
    assert c.read_until_close()[1] == 1000
    c.read_to_eof()
    c.close()
    line = wait_log_line(srv, peer, '"GET /" 101', "rec=")
    name = re.search(r" rec=(\S+)", line).group(1)
    (path,) = wait_cast(rec)
    assert path.name == name
    host, port = peer.rsplit(":", 1)
    assert re.fullmatch(r"\d{8}T\d{6}\.\d{3}Z_%s_%s_\d+\.cast" % (re.escape(host), port), name)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    header, events = read_cast(path)
    assert header["version"] == 2 and header["width"] == 80 and header["height"] == 24
    assert isinstance(header["timestamp"], int) and header["env"]["WSINETD_PEER"] == peer
    assert header["env"]["WSINETD_TARGET"] == "exec:/bin/sh"
    # Text all the way: nothing went as base64.
    assert {e[1] for e in events} <= {"i", "o"}, {e[1] for e in events}
    echoed = "grüße, cat".encode() + (b"\n" if text else b"")
    assert payload(events, "i") == "grüße, cat".encode()
    assert payload(events, "o") == want + echoed
    assert asciinema_cat(path) == want + echoed
