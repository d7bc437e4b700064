"""The access line says when a connection used permessage-deflate, so a
person reading the log can tell compressed sessions (and their CPU) apart."""

from helpers import echo_session, pmd_session, wait_log_line


def test_compress_access_line(wsinetd):
    srv = wsinetd.socket_activate("--compress", "echo")
    ext, _, _ = pmd_session(srv.url, [("text", "x" * 1000)])
    assert ext.name == "permessage-deflate", ext
    line = wait_log_line(srv, " 101 ")
    assert line.endswith("route=/ compress=permessage-deflate"), line

    plain = wsinetd.socket_activate("--compress", "echo")
    peer = echo_session(plain.url, [("text", "x" * 1000)])   # offers nothing
    line = wait_log_line(plain, peer, " 101 ")
    assert "compress=" not in line and line.endswith("route=/"), line
