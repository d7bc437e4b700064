"""Every client byte is parsed under a seccomp filter: while a client is in
the middle of its request head (slowloris), the handler already shows
Seccomp 2 with one filter (the request phase's) in /proc/PID/status, in
each mode: plain, TLS (after the handshake, which ran under it too),
--proxy-protocol (after the header), --web, a passthrough route and
exec:.  Once the head is complete the request is served as usual under
that filter.  With an exec: target the stub forked before the filter
waits unfiltered (Seccomp 0), holding only its pipes, never the client's
socket; the program it becomes is unfiltered too (test_exec_not_filtered)."""

import os
import socket
import ssl
import time

import pytest

from harness import children
from helpers import (KEY, OP_BIN, RawClient, answer_close, expect_accept, frame,
                     upgrade_request, wait_child)
from pass_helpers import WsBackend
from test_gnutls_loaded_only_for_tls import self_signed


def status(pid):
    st = {}
    for ln in open("/proc/%d/status" % pid).read().splitlines():
        k, _, v = ln.partition(":")
        st[k] = v.strip()
    return st


def blocked_in_wait(pid):
    """The handler sits in poll/ppoll (7/271) waiting for the rest of the head."""
    nr = open("/proc/%d/syscall" % pid).read().split()[0]
    return nr in ("7", "271")


MODES = ["plain", "tls", "proxy", "web", "passthrough", "exec"]


@pytest.mark.parametrize("mode", MODES)
def test_seccomp_request_phase(wsinetd, tmp_path, mode):
    backend = None
    args = []
    if mode == "tls":
        crt, key = self_signed(tmp_path)
        args = ["--tls", "on", "--tls-cert", crt, "--tls-key", key, "echo"]
    elif mode == "proxy":
        args = ["--proxy-protocol", "echo"]
    elif mode == "web":
        (tmp_path / "www").mkdir()
        (tmp_path / "www" / "index.html").write_text("hello\n")
        args = ["--web", tmp_path / "www", "echo"]
    elif mode == "passthrough":
        backend = WsBackend()
        args = ["--route", "/app=" + backend.url(), "echo"]
    elif mode == "exec":
        args = ["exec:cat"]
    else:
        args = ["echo"]
    srv = wsinetd.socket_activate(*args)
    try:
        raw = socket.create_connection((srv.host, srv.port), timeout=10)
        if mode == "proxy":
            raw.sendall(b"PROXY TCP4 203.0.113.7 127.0.0.1 40000 80\r\n")
        if mode == "tls":
            ctx = ssl.create_default_context(cafile=str(crt))
            raw = ctx.wrap_socket(raw, server_hostname="lazy.test")
        path = "/app" if mode == "passthrough" else "/"
        head = (b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n" if mode == "web" else
                upgrade_request(path=path))
        raw.sendall(head[:20])                  # slowloris: part of the head
        pid = wait_child(srv.proc.pid)
        time.sleep(0.2)
        st = status(pid)
        assert st["Seccomp"] == "2", (mode, st)
        assert st["Seccomp_filters"] == "1", (mode, st)
        assert st["NoNewPrivs"] == "1", (mode, st)
        assert blocked_in_wait(pid), open("/proc/%d/syscall" % pid).read()
        if mode == "exec":
            stubs = children(pid)
            assert len(stubs) == 1, stubs
            sst = status(stubs[0])
            assert sst["Seccomp"] == "0", sst
            fds = sorted(int(f) for f in os.listdir("/proc/%d/fd" % stubs[0]))
            assert fds == [0, 1, 2, 3, 4], fds
            for fd in fds:
                link = os.readlink("/proc/%d/fd/%d" % (stubs[0], fd))
                assert link.startswith("pipe:"), (fd, link)
        else:
            assert children(pid) == [], children(pid)
        raw.sendall(head[20:])
        c = RawClient(raw)
        if mode == "web":
            r = c.read_response()
            assert r.status == 200, r
            return
        expect_accept(c.read_response())
        c.send(frame(OP_BIN, b"ping"))
        assert c.read_message() == (OP_BIN, b"ping")
        relay = status(pid)
        # The relay's filter is stacked on the request's.
        assert relay["Seccomp_filters"] == "2", relay
        answer_close(c, 1000)
    finally:
        if backend is not None:
            backend.close()
