"""SIGTERM while the backend connection is still being made (its SYN
unanswered: the test fills a listen(0) socket's accept queue, as in
test_status_504.py, helpers.unanswered_port): 503 "server shutting down", not 502 or 504, and exit
0, for a tcp: target and a ws:// passthrough alike."""

import signal
import subprocess

import pytest

from harness import wait_for
from helpers import (RawClient, launcher_exit_codes, signal_handler, unanswered_port,
                     upgrade_request, wait_log_line)


def syn_sent(port):
    r = subprocess.run(["ss", "-Htn", "state", "syn-sent", "dst", "127.0.0.1:%d" % port],
                       capture_output=True, text=True, timeout=10)
    return r.stdout.strip() != ""


@pytest.mark.parametrize("target", ["tcp:127.0.0.1:%d", "ws://127.0.0.1:%d/"],
                         ids=["tcp", "ws"])
def test_sigterm_connecting(wsinetd, target):
    with unanswered_port() as port:
        srv = wsinetd.socket_activate(target % port)
        c = RawClient.connect(srv.host, srv.port)
        peer = c.local
        c.send(upgrade_request())
        wait_for(lambda: syn_sent(port), what="wsinetd's SYN to the backend")
        signal_handler(srv, signal.SIGTERM)
        r = c.read_response()
        assert r.status == 503, r
        assert c.body.endswith(b"server shutting down\n"), c.body
        c.read_to_eof()
        c.close()
        wait_log_line(srv, peer, "SIGTERM while connecting to backend", "answered 503")
        srv.wait_log("died with code")
        assert launcher_exit_codes(srv) == [0], srv.log()
