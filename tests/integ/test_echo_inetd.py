"""Echo in inetd mode: the connection is a socketpair on stdin and stdout.

This is how `inetd nowait` (and a fuzz harness) runs wsinetd.  Every message
size goes through raw frames while another thread sends, then a Close 1000
is answered with Close 1000 and the process exits 0.  The access line goes
to stderr, which here is a pipe, not the socket.
"""

import socket
import subprocess
import threading

from harness import ROOT_ARGS
from helpers import (KEY, OP_BIN, OP_TEXT, RawClient, close_frame,
                     expect_accept, frame, messages, sha)


def test_echo_inetd(wsinetd):
    ours, theirs = socket.socketpair()
    p = subprocess.Popen([wsinetd.bin, *ROOT_ARGS, "echo"], stdin=theirs.fileno(),
                         stdout=theirs.fileno(), stderr=subprocess.PIPE,
                         env=wsinetd.env)
    theirs.close()
    try:
        c = RawClient(ours, timeout=20)
        expect_accept(c.handshake(), KEY)
        msgs = messages()
        frames = [frame(OP_TEXT if k == "text" else OP_BIN, p_) for k, p_ in msgs]
        errors = []

        def sender():
            try:
                for f in frames:
                    c.send(f)
            except OSError as e:
                errors.append(e)

        t = threading.Thread(target=sender, daemon=True)
        t.start()
        for kind, payload in msgs:
            want = payload if isinstance(payload, bytes) else payload.encode()
            m = c.read_message()
            assert m is not None, "EOF before the %s message of %d bytes" % (kind, len(want))
            op, got = m
            assert op == (OP_TEXT if kind == "text" else OP_BIN), (kind, len(want), op)
            assert len(got) == len(want) and sha(got) == sha(want), (kind, len(want), len(got))
        t.join(20)
        assert not errors, errors
        c.send(close_frame(1000))
        data, code = c.read_until_close()
        assert (data, code) == (b"", 1000)
        assert c.read_to_eof() == b""
        c.close()
        assert p.wait(10) == 0
        err = p.stderr.read().decode(errors="replace")
        assert " 101 " in err and "close=1000" in err, err
    finally:
        if p.poll() is None:
            p.kill()
            p.wait(5)
        p.stderr.close()
        ours.close()
