"""No byte is lost at the upgrade, nor inside GnuTLS: decrypted bytes that
GnuTLS holds are invisible to poll().

1. The upgrade request and 15 KB of frames in ONE TLS record: the frames
   must be echoed without the client sending anything more.
2. The request and 40 frames as 41 separate records in ONE TCP write:
   all 40 echoes must come back, in order.
"""

from helpers import OP_BIN, OP_TEXT, expect_accept, frame, upgrade_request
from tlsutil import BioReader, BioTls, client_ctx, expect_tls_line, tls_server


def test_request_and_frames_in_one_record(wsinetd, pki):
    srv = tls_server(wsinetd, pki, "echo")
    bio = BioTls(srv.host, srv.port, client_ctx(pki), sni="alpha.test")
    c = BioReader(bio, timeout=5)
    # 15 KB of frames behind the headers: more than a header buffer takes,
    # so part of the record waits inside GnuTLS, where poll() cannot see it.
    first, second = b"Xfirst byte matters", bytes(range(256)) * 59
    wire = bio.records(upgrade_request(host="alpha.test") + frame(OP_TEXT, first) + frame(OP_BIN, second))
    assert len(wire) < 16384 + 256, "not one record: %d bytes" % len(wire)
    bio.send_raw(wire)
    expect_accept(c.read_response())
    assert c.read_message() == (OP_TEXT, first)
    assert c.read_message() == (OP_BIN, second)
    bio.close()
    expect_tls_line(srv, bio.local)


def test_many_records_in_one_write(wsinetd, pki):
    srv = tls_server(wsinetd, pki, "echo")
    bio = BioTls(srv.host, srv.port, client_ctx(pki), sni="alpha.test")
    c = BioReader(bio, timeout=5)
    msgs = [("message %d " % i).encode() * (i + 1) for i in range(40)]
    wire = bio.records(upgrade_request(host="alpha.test"), *[frame(OP_BIN, m) for m in msgs])
    bio.send_raw(wire)
    expect_accept(c.read_response())
    for i, m in enumerate(msgs):
        got = c.read_message()
        assert got == (OP_BIN, m), "echo %d: %r" % (i, got if got is None else got[1][:40])
    bio.close()
    expect_tls_line(srv, bio.local)
