"""--compress: one compressed message cut into 200 fragments of uneven
sizes (empty ones too), with Pings between them, comes back from echo
whole and equal (compressed in turn); the Pings are answered.  Then a message with
context taken over from the first one."""

import random
import zlib

from helpers import (OP_CONT, OP_PING, OP_PONG, OP_TEXT, PMD_OFFER, answer_close, close_frame,
                     frame, open_ws, random_text)


def test_compress_fragments(wsinetd):
    srv = wsinetd.socket_activate("--compress", "echo")
    c = open_ws(srv, extra=[PMD_OFFER])
    text = (random_text(3000, 5) + " the same words again and again ") * 100
    comp = zlib.compressobj(6, zlib.DEFLATED, -15)      # context kept across messages

    def message(s):
        z = comp.compress(s.encode()) + comp.flush(zlib.Z_SYNC_FLUSH)
        return z[:-4]

    z = message(text)
    r = random.Random(3)
    cuts = sorted(r.sample(range(1, len(z)), 199)) + [len(z)]
    cuts[10] = cuts[9]                                  # an empty fragment
    data, start = b"", 0
    for i, end in enumerate(cuts):
        data += frame(OP_TEXT if i == 0 else OP_CONT, z[start:end], fin=i == len(cuts) - 1,
                      rsv=0x40 if i == 0 else 0)
        if i % 50 == 25:
            data += frame(OP_PING, b"p%d" % i)
        start = end
    c.send(data)
    # The reply is compressed as it streams: the Pongs may come before it.
    got = [c.read_message() for _ in range(5)]
    assert [m for m in got if m[0] == OP_TEXT] == [(OP_TEXT, text.encode())]
    assert [m for m in got if m[0] == OP_PONG] == [(OP_PONG, b"p%d" % i)
                                                   for i in (25, 75, 125, 175)]
    # Context takeover: the second message refers back into the first.
    z2 = message(text[:5000])
    assert len(z2) < 100
    c.send(frame(OP_TEXT, z2, rsv=0x40))
    assert c.read_message() == (OP_TEXT, text[:5000].encode())
    c.send(close_frame(1000))
    assert c.read_until_close() == (b"", 1000)
    c.close()
    srv.wait_log("close=1000")
