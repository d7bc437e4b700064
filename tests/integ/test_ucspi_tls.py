"""TLS terminated by the launcher, wsinetd on pipes (s6-tlsserver's
shape; here tcpserver and tests/tools/pipe_tlsd.py, which plays s6-tlsd's
part: s6-networking is not in Debian 12).  A wss:// client with SNI
"localhost" reaches an exec: program through it: the program gets
HTTPS=on and the launcher's SSL_PROTOCOL, SSL_CIPHER and
SSL_TLS_SNI_SERVERNAME, and REMOTE_ADDR from $TCPREMOTEIP; the access
line shows the same TLS facts with by=ucspi."""

import socket

from front import client_ctx, make_pki
from helpers import log_message, RawClient, close_frame, expect_accept, wait_log_line
from ucspi_helpers import tcpserver


def test_ucspi_tls(wsinetd, tmp_path):
    ca, cert, key = make_pki(tmp_path / "pki")
    srv = tcpserver(wsinetd, "exec:/usr/bin/env", "-0", tls=(cert, key))
    raw = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    raw.bind(("127.0.0.2", 0))
    raw.settimeout(10)
    raw.connect(("127.0.0.1", srv.port))
    me = "%s:%d" % raw.getsockname()
    s = client_ctx(ca).wrap_socket(raw, server_hostname="localhost")
    proto, cipher = s.version(), s.cipher()[0]
    c = RawClient(s)
    expect_accept(c.handshake())
    data, code = c.read_until_close()
    assert code == 1000, code
    c.send(close_frame(1000))
    c.read_to_eof()
    env = dict(kv.decode().split("=", 1) for kv in data.split(b"\0") if kv)
    assert env["HTTPS"] == "on", env
    assert (env["SSL_PROTOCOL"], env["SSL_CIPHER"]) == (proto, cipher), env
    assert env["SSL_TLS_SNI_SERVERNAME"] == "localhost", env
    assert "%s:%s" % (env["REMOTE_ADDR"], env["REMOTE_PORT"]) == me, env
    line = wait_log_line(srv, '"GET /" 101 target=exec:/usr/bin/env', "close=1000")
    assert log_message(line).startswith(me + " "), line
    assert line.endswith(" tls=%s cipher=%s sni=localhost by=ucspi" % (proto, cipher)), line
