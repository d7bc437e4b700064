"""A client sends half a ClientHello and closes: wsinetd logs a line for
that peer, exits cleanly (status 0 or 1, no signal, no sanitizer report)
at once, and the launcher serves the next connection."""

import socket
import time

from helpers import wait_log_line
from tlsutil import (client_ctx, client_hello, tls_server, wait_exit_code,
                     wait_no_handlers, wss_echo)


def test_truncated_handshake(wsinetd, pki):
    srv = tls_server(wsinetd, pki, "echo")
    hello = client_hello()
    s = socket.create_connection((srv.host, srv.port), timeout=5)
    peer = "%s:%d" % s.getsockname()
    s.sendall(hello[:len(hello) // 2])
    time.sleep(0.1)
    t0 = time.monotonic()
    s.shutdown(socket.SHUT_WR)
    s.settimeout(3)
    rest = b""
    try:
        while True:
            b = s.recv(4096)
            if not b:
                break
            rest += b
    except ConnectionResetError:
        pass
    s.close()
    assert b"HTTP/" not in rest, rest
    code = wait_exit_code(srv, timeout=3)
    took = time.monotonic() - t0
    assert code in (0, 1), "handler ended with %d after a truncated hello:\n%s" % (code, srv.log())
    assert took < 2.5, "handler took %.1fs to notice the close" % took
    wait_no_handlers(srv)
    wait_log_line(srv, "wsinetd[", peer)
    info = wss_echo(srv, client_ctx(pki), sni="alpha.test")
    assert info["der"] == pki.der("alpha")
