"""--handshake-timeout covers the TLS handshake: a client that connects and
sends nothing, or only a record header (5 bytes) of its ClientHello, is
dropped after about 1 s with --handshake-timeout 1, and the log says
"TLS handshake" ... "timed out".  The same deadline then covers the
request: a TLS client that sends half a request gets an encrypted 408."""

import socket
import time

from harness import wait_for
from helpers import log_line
from tlsutil import TlsClient, client_ctx, client_hello, tls_server, wait_no_handlers


def stalled(wsinetd, pki, first_bytes):
    srv = tls_server(wsinetd, pki, "--handshake-timeout", "1", "echo")
    s = socket.create_connection((srv.host, srv.port), timeout=5)
    peer = "%s:%d" % s.getsockname()
    t0 = time.monotonic()
    if first_bytes:
        s.sendall(first_bytes)
    got = b""
    try:
        while True:
            b = s.recv(4096)
            if not b:
                break
            got += b
    except ConnectionResetError:
        pass
    except TimeoutError:
        raise AssertionError("still connected after 5 s; log:\n" + srv.log())
    took = time.monotonic() - t0
    s.close()
    assert b"HTTP/" not in got, got
    assert 0.8 < took < 3, "dropped after %.2fs" % took
    line = wait_for(lambda: log_line(srv.log(), "TLS handshake", "timed out"), 3,
                    "a 'TLS handshake ... timed out' line; log:\n" + srv.log())
    assert peer in line, "the line does not name the peer %s: %r" % (peer, line)
    wait_no_handlers(srv)


def test_handshake_timeout_silent(wsinetd, pki):
    stalled(wsinetd, pki, b"")


def test_handshake_timeout_record_header(wsinetd, pki):
    stalled(wsinetd, pki, client_hello()[:5])


def test_request_timeout_after_tls_handshake(wsinetd, pki):
    # The same deadline covers the request that follows the handshake: 408,
    # sent encrypted, and a close.
    srv = tls_server(wsinetd, pki, "--handshake-timeout", "1", "echo")
    t0 = time.monotonic()
    c = TlsClient.connect(srv.host, srv.port, client_ctx(pki), sni="alpha.test", timeout=5)
    c.send(b"GET / HTTP/1.1\r\nHost: alpha.test\r\n")
    r = c.read_response()
    c.read_to_eof(timeout=3)
    took = time.monotonic() - t0
    peer = c.local
    c.close()
    assert r.status == 408, r
    assert 0.8 < took < 2.5, "408 and close after %.2fs" % took
    wait_for(lambda: log_line(srv.log(), peer, "408"), 3, "a 408 line; log:\n" + srv.log())
