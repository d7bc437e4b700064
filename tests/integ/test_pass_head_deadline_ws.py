"""A ws:// route to a backend that accepts, takes the upgrade request and
never answers: 504 after --handshake-timeout, with a log line, and the
handler exits 1 (black-box attack F11)."""

from helpers import upgrade_request
from pass_stall import expect_504, stalling_backend


def test_pass_head_deadline_ws(wsinetd, backend):
    b = stalling_backend(backend)
    try:
        srv = wsinetd.socket_activate(
            "--handshake-timeout", "2",
            "--route", "/w=ws://127.0.0.1:%d/" % b.port, "echo")
        expect_504(srv, upgrade_request(path="/w"),
                   "sent no response head in 2 s, answered 504")
    finally:
        b.release.set()
