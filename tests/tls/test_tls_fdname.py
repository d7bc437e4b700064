"""A socket whose FileDescriptorName is `https` means TLS on, like `tls`;
--tls off overrides a tls-named socket (a plain client is served) and
--tls on needs no socket name."""

from helpers import echo_session
from tlsutil import access_line, client_ctx, expect_tls_line, tls_fields, tls_server, wss_echo


def test_fdname_https_means_on(wsinetd, pki):
    srv = tls_server(wsinetd, pki, "echo", fdname="https")
    info = wss_echo(srv, client_ctx(pki), sni="beta.test")
    assert info["der"] == pki.der("beta")
    expect_tls_line(srv, info["local"], sni="beta.test")


def test_tls_off_overrides_fdname_tls(wsinetd, pki):
    srv = tls_server(wsinetd, pki, "--tls", "off", "echo", fdname="tls")
    peer = echo_session(srv.url, [("text", "plain on a tls-named socket")])
    line = access_line(srv, peer)
    assert " 101 " in line and not tls_fields(line), line


def test_tls_on_without_fdname(wsinetd, pki):
    srv = tls_server(wsinetd, pki, "--tls", "on", "echo", fdname=None)
    info = wss_echo(srv, client_ctx(pki))
    assert info["der"] == pki.der("alpha")
    expect_tls_line(srv, info["local"], sni="-")
