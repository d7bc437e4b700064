"""SIGTERM to a handler before its client sent anything: the connection
is closed (no response: there is no request to answer), one line says why,
and the handler exits 0.  With --tls auto the wait is the TLS peek."""

import signal

import pytest

from helpers import RawClient, launcher_exit_codes, signal_handler, wait_log_line


@pytest.mark.parametrize("args", [[], ["--proxy-protocol"]], ids=["plain", "proxy"])
def test_sigterm_before_request(wsinetd, args):
    srv = wsinetd.socket_activate(*args, "echo")
    c = RawClient.connect(srv.host, srv.port)
    peer = c.local
    signal_handler(srv, signal.SIGTERM)
    assert c.read_to_eof() == b""
    c.close()
    wait_log_line(srv, peer, "SIGTERM before a request: closed")
    srv.wait_log("died with code")
    assert launcher_exit_codes(srv) == [0], srv.log()
