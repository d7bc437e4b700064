"""An http:// route to a backend that accepts, takes the request and never
answers: the client gets 504 after --handshake-timeout (counted from when
the request reached the backend), a log line says why, and the handler
exits 1.  Before, the client waited for as long as it cared to and the
access line had status 0 (black-box attack F11)."""

from pass_stall import expect_504, stalling_backend


def test_pass_head_deadline_http(wsinetd, backend):
    b = stalling_backend(backend)
    try:
        srv = wsinetd.socket_activate(
            "--handshake-timeout", "2",
            "--route", "/h=http://127.0.0.1:%d/" % b.port, "echo")
        expect_504(srv, b"GET /h HTTP/1.1\r\nHost: x\r\n\r\n",
                   "sent no response head in 2 s, answered 504")
    finally:
        b.release.set()
