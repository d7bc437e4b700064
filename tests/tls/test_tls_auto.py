"""--tls auto peeks at the first byte: a TLS handshake (0x16) turns TLS on,
anything else is plain HTTP.  A plain ws:// client and a wss:// client both
echo on the same port.  --tls-cert given without --tls and without a
tls-named socket means auto too."""

from helpers import echo_session
from tlsutil import access_line, client_ctx, expect_tls_line, tls_fields, tls_server, wss_echo


def both_on_one_port(srv, pki):
    plain = echo_session(srv.url, [("text", "plain"), ("binary", b"\x16" * 10)])
    line = access_line(srv, plain)
    assert " 101 " in line and not tls_fields(line), line
    info = wss_echo(srv, client_ctx(pki), sni="alpha.test")
    assert info["der"] == pki.der("alpha")
    expect_tls_line(srv, info["local"], sni="alpha.test")
    # and plain again, after a TLS one
    plain = echo_session(srv.url, [("text", "plain again")])
    assert not tls_fields(access_line(srv, plain))


def test_auto_explicit(wsinetd, pki):
    srv = tls_server(wsinetd, pki, "--tls", "auto", "echo", fdname=None)
    both_on_one_port(srv, pki)


def test_auto_implied_by_tls_cert(wsinetd, pki):
    srv = tls_server(wsinetd, pki, "echo", fdname=None)
    both_on_one_port(srv, pki)


def test_auto_overrides_fdname_tls(wsinetd, pki):
    srv = tls_server(wsinetd, pki, "--tls", "auto", "echo", fdname="tls")
    both_on_one_port(srv, pki)


def test_auto_under_listen(wsinetd, pki):
    # --listen (standalone, fork per connection) has no socket name:
    # --tls-cert alone means auto there too.
    srv = wsinetd.listen(*pki.args("alpha", "beta"), "echo")
    both_on_one_port(srv, pki)
