"""--record on a wss:// session (TLS in wsinetd, the relay's TLS filter
with --record's fsync): the recording holds the plaintext payloads both
ways, and the handler ends normally (no system call refused: exit 0,
no "not allowed by the seccomp filter" line)."""

import socket
import ssl

from helpers import OP_BIN, RawClient, answer_close, expect_accept, frame, wait_log_line
from record_helpers import payload, read_cast, wait_cast
from test_gnutls_loaded_only_for_tls import self_signed


def test_record_tls_session(wsinetd, tmp_path):
    rec = tmp_path / "rec"
    rec.mkdir()
    crt, key = self_signed(tmp_path)
    srv = wsinetd.socket_activate("--tls", "on", "--tls-cert", crt, "--tls-key", key,
                                  "--record", rec, "echo")
    ctx = ssl.create_default_context(cafile=str(crt))
    sock = ctx.wrap_socket(socket.create_connection((srv.host, srv.port), timeout=10),
                           server_hostname="lazy.test")
    c = RawClient(sock)
    expect_accept(c.handshake())
    for m in (b"secret one", bytes(range(256)) * 300):
        c.send(frame(OP_BIN, m))
        assert c.read_message() == (OP_BIN, m)
    answer_close(c, 1000)
    (path,) = wait_cast(rec)
    line = wait_log_line(srv, '"GET /" 101', "rec=" + path.name)
    assert " tls=TLS1.3 " in line and "close=1000" in line, line
    _, events = read_cast(path)
    sent = b"secret one" + bytes(range(256)) * 300
    assert payload(events, "i") == payload(events, "o") == sent
    assert "not allowed by the seccomp filter" not in srv.log()
    assert "died with code 0" in srv.wait_log("died with code")
