"""A TLS ClientHello sent to a plain port (TLS off) gets no HTTP response,
only a close; the log says "TLS ClientHello on a plain port"."""

from helpers import RawClient, wait_log_line
from tlsutil import client_hello, wait_no_handlers


def test_hello_on_plain_port(wsinetd):
    srv = wsinetd.socket_activate("echo")
    c = RawClient.connect(srv.host, srv.port)
    c.send(client_hello())
    data = c.read_to_eof()
    c.close()
    assert b"HTTP/" not in data, data[:200]
    wait_log_line(srv, "TLS ClientHello on a plain port")
    wait_no_handlers(srv)


def test_hello_on_tls_off_port(wsinetd, pki):
    # --tls off with certificates and a tls-named socket: still plain.
    srv = wsinetd.socket_activate("--tls", "off", *pki.args("alpha"), "echo",
                                  launcher_args=("--fdname=tls",))
    c = RawClient.connect(srv.host, srv.port)
    c.send(client_hello())
    data = c.read_to_eof()
    c.close()
    assert b"HTTP/" not in data, data[:200]
    wait_log_line(srv, "TLS ClientHello on a plain port")
