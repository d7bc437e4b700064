"""A backend that sends half a response head and stalls: the half is held
(it never reaches the client), and the client gets 504 after
--handshake-timeout, as for a backend that sends nothing; the log line
says how much came, and the handler exits 1 (black-box attack F11)."""

from pass_stall import expect_504, stalling_backend


def test_pass_head_deadline_partial(wsinetd, backend):
    b = stalling_backend(backend, b"HTTP/1.1 200 OK\r\nContent-Type: te")
    try:
        srv = wsinetd.socket_activate(
            "--handshake-timeout", "2",
            "--route", "/h=http://127.0.0.1:%d/" % b.port, "echo")
        expect_504(srv, b"GET /h HTTP/1.1\r\nHost: x\r\n\r\n",
                   "sent no complete response head in 2 s (33 bytes of it)")
    finally:
        b.release.set()
