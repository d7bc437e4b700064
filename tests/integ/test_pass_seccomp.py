"""A passthrough splices under the relay's seccomp filter (Seccomp 2 in
/proc/PID/status while bytes flow), for a ws:// backend and for a wss://
one reached from a plain client (GnuTLS records on the backend side only
need the TLS profile), and no call outside the table is made."""

from helpers import (OP_TEXT, RawClient, answer_close, expect_accept, frame, wait_child)
from pass_helpers import WsBackend, make_pki, server_ctx


def seccomp_during_session(srv):
    c = RawClient.connect(srv.host, srv.port)
    expect_accept(c.handshake())
    c.send(frame(OP_TEXT, "ping"))
    assert c.read_message() == (OP_TEXT, b"ping")
    pid = wait_child(srv.proc.pid)
    st = dict(ln.partition(":")[::2] for ln in open("/proc/%d/status" % pid).read().splitlines())
    c.send(frame(OP_TEXT, "pong"))
    assert c.read_message() == (OP_TEXT, b"pong")
    answer_close(c, 1000)
    return st["Seccomp"].strip()


def test_pass_seccomp(wsinetd, tmp_path):
    pki = make_pki(tmp_path / "pki")
    plain = WsBackend()
    tls = WsBackend(ctx=server_ctx(*pki.localhost))
    try:
        srv = wsinetd.socket_activate(plain.url("ws"))
        assert seccomp_during_session(srv) == "2"
        srv2 = wsinetd.socket_activate("--backend-ca", pki.ca, tls.url("wss", host="localhost"))
        assert seccomp_during_session(srv2) == "2"
        for s in (srv, srv2):
            s.wait_log("101")
            assert "not allowed by the seccomp filter" not in s.log(), s.log()
            assert "died with code 0" in s.wait_log("died with code"), s.log()
    finally:
        plain.close()
        tls.close()
