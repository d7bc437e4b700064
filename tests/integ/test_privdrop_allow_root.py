"""--allow-root keeps a root handler running, and every connection says so
in the log before its access line."""

import os

from helpers import echo_session, wait_log_line


def test_privdrop_allow_root(wsinetd):
    assert os.geteuid() == 0, "this case needs the suite's root"
    srv = wsinetd.socket_activate("--allow-root", "echo", allow_root=False)
    peer = echo_session(srv.url, [("text", "root")])
    line = wait_log_line(srv, peer, "running as root (--allow-root)")
    assert "client bytes are parsed with every privilege" in line, line
    wait_log_line(srv, peer, " 101 ", "close=1000")
