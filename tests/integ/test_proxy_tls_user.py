"""PROXY header, then TLS, with --user nobody and a key only root can read:
GnuTLS and the files are loaded before the drop (the first byte belongs to
the header, so it cannot choose), the header and the handshake are parsed
as nobody, and the access line names the client from the header.  Under
--tls auto a plain request behind the header is served too."""

import os
import socket
import ssl

from helpers import RawClient, answer_close, expect_accept, wait_log_line
from test_gnutls_loaded_only_for_tls import self_signed


def test_proxy_tls_user(wsinetd, tmp_path):
    assert os.geteuid() == 0, "this case needs the suite's root"
    crt, key = self_signed(tmp_path)
    os.chmod(key, 0o600)
    srv = wsinetd.socket_activate("--user", "nobody", "--proxy-protocol", "--tls", "auto",
                                  "--tls-cert", crt, "--tls-key", key, "echo",
                                  allow_root=False)
    raw = socket.create_connection((srv.host, srv.port), timeout=10)
    raw.sendall(b"PROXY TCP4 203.0.113.44 127.0.0.1 41000 443\r\n")
    ctx = ssl.create_default_context(cafile=str(crt))
    c = RawClient(ctx.wrap_socket(raw, server_hostname="lazy.test"))
    expect_accept(c.handshake())
    answer_close(c, 1000)
    line = wait_log_line(srv, '203.0.113.44:41000 "GET /" 101 ')
    assert "tls=TLS1.3" in line, line

    c = RawClient.connect(srv.host, srv.port)
    c.send(b"PROXY TCP4 203.0.113.45 127.0.0.1 41001 80\r\n")
    expect_accept(c.handshake())
    answer_close(c, 1000)
    line = wait_log_line(srv, '203.0.113.45:41001 "GET /" 101 ')
    assert "tls=" not in line, line
