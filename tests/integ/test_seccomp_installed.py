"""While a WebSocket is relayed, the handler is under seccomp filters
(/proc/PID/status: Seccomp 2, two filters: the request phase's and the
relay's stacked on it) with NoNewPrivs set; with --no-seccomp it is not
(Seccomp 0).  Checked for a plain and a tcp: relay."""

from helpers import (Backend, OP_BIN, RawClient, answer_close, echo_handler,
                     expect_accept, frame, wait_child)


def seccomp_status(srv):
    pid = wait_child(srv.proc.pid)
    st = {}
    for ln in open("/proc/%d/status" % pid).read().splitlines():
        k, _, v = ln.partition(":")
        st[k] = v.strip()
    return st


def relay_and_status(srv):
    c = RawClient.connect(srv.host, srv.port)
    expect_accept(c.handshake())
    c.send(frame(OP_BIN, b"ping"))
    assert c.read_message() == (OP_BIN, b"ping")
    st = seccomp_status(srv)
    answer_close(c, 1000)
    return st


def test_seccomp_installed(wsinetd):
    b = Backend(echo_handler)
    try:
        for target in ("echo", b.target):
            st = relay_and_status(wsinetd.socket_activate(target))
            assert st["Seccomp"] == "2", st
            assert st["Seccomp_filters"] == "2", st
            assert st["NoNewPrivs"] == "1", st
        st = relay_and_status(wsinetd.socket_activate("--no-seccomp", "echo"))
        assert st["Seccomp"] == "0", st
        assert st["NoNewPrivs"] == "1", st
    finally:
        b.close()
