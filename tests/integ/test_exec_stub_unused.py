"""With an exec: route configured, every connection forks the exec: stub
before the request filter; a session that ends up elsewhere (echo, tcp:,
an http:// passthrough) must release it before the relay's filter, which
for a non-exec target allows no kill().  Before, the stub was killed at
the end, under that filter: each such session died of SIGSYS (exit 159,
"kill (62) is not allowed by the seccomp filter of the relay phase"),
and under systemd every one was a failed wsinetd@ instance (black-box
attack). The exec: route itself still works."""

import harness
from helpers import OP_BIN, answer_close, echo_handler, frame, launcher_exit_codes, open_ws
from pass_helpers import HttpBackend, connect, http_request, read_http_response


def test_exec_stub_unused(wsinetd, backend):
    web = HttpBackend()
    tcp = backend(echo_handler)
    try:
        srv = wsinetd.socket_activate("--route", "/c=exec:/bin/cat",
                                      "--route", "/t=" + tcp.target,
                                      "--route", "/h=" + web.url(), "echo")
        for path in ("/", "/t", "/c"):
            c = open_ws(srv, path=path)
            c.send(frame(OP_BIN, b"via " + path.encode()))
            assert c.read_message() == (OP_BIN, b"via " + path.encode())
            answer_close(c, 1000)
        harness.wait_for(lambda: len(launcher_exit_codes(srv)) == 3, what="three handlers")
        s = connect(srv)
        s.sendall(http_request("GET", "/h/x", "127.0.0.1", extra=[("Connection", "close")]))
        st = read_http_response(s)[0]
        s.close()
        assert st == 200, st
        harness.wait_for(lambda: len(launcher_exit_codes(srv)) == 4, what="four handlers")
        assert launcher_exit_codes(srv) == [0, 0, 0, 0], srv.log()
        assert "not allowed by the seccomp filter" not in srv.log(), srv.log()
    finally:
        web.close()
