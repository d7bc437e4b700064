"""SIGTERM while a request head is half read: 503 Service Unavailable with
"server shutting down" in the body, a line naming the peer, exit 0."""

import signal
import subprocess

from harness import wait_for
from helpers import RawClient, launcher_exit_codes, signal_handler, wait_log_line


def read_by_server(srv, peer):
    """Has the handler read everything we sent (its socket's Recv-Q is 0)?"""
    r = subprocess.run(["ss", "-Htn", "state", "established", "src",
                        "%s:%d" % (srv.host, srv.port), "dst", peer],
                       capture_output=True, text=True, timeout=10)
    rows = [ln.split() for ln in r.stdout.splitlines() if ln.strip()]
    return len(rows) == 1 and rows[0][0] == "0"


def test_sigterm_partial_request(wsinetd):
    srv = wsinetd.socket_activate("echo")
    c = RawClient.connect(srv.host, srv.port)
    peer = c.local
    c.send(b"GET / HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n")
    wait_for(lambda: read_by_server(srv, peer), what="the handler to read the half head")
    signal_handler(srv, signal.SIGTERM)
    r = c.read_response()
    assert r.status == 503, r
    assert c.body == b"503 Service Unavailable: server shutting down\n", c.body
    assert c.read_to_eof() == b""
    c.close()
    wait_log_line(srv, peer, "SIGTERM while reading the request, answered 503")
    wait_log_line(srv, peer, " 503 ")
    srv.wait_log("died with code")
    assert launcher_exit_codes(srv) == [0], srv.log()
