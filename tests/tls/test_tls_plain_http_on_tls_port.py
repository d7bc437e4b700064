"""Plain HTTP sent to a TLS port gets a plain `HTTP/1.1 400 Bad Request`
whose body says "plain HTTP", then a close; the log says "plain HTTP on a
TLS port"."""

from helpers import RawClient, upgrade_request, wait_log_line
from tlsutil import tls_server, wait_no_handlers


def test_plain_http_on_tls_port(wsinetd, pki):
    srv = tls_server(wsinetd, pki, "echo")
    c = RawClient.connect(srv.host, srv.port)
    peer = c.local
    c.send(upgrade_request(host="alpha.test"))
    data = c.read_to_eof()
    c.close()
    assert data.startswith(b"HTTP/1.1 400 Bad Request\r\n"), data[:200]
    _, _, body = data.partition(b"\r\n\r\n")
    assert b"plain HTTP" in body, data
    wait_log_line(srv, peer, "plain HTTP on a TLS port")
    wait_no_handlers(srv)
