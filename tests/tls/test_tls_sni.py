"""The certificate is chosen by SNI among the --tls-cert/--tls-key pairs;
without SNI, or with a name no pair has, the FIRST pair is served.

python3-websockets over wss:// checks each case by the exact DER of the
certificate it was sent, echoes a text and a binary message, and the access
line names the SNI (sni=- when none) and the negotiated TLS version and
cipher.  ALPN selects http/1.1.
"""

from tlsutil import client_ctx, expect_tls_line, tls_server, wss_echo


def test_sni_picks_certificate(wsinetd, pki):
    srv = tls_server(wsinetd, pki, "echo", names=("alpha", "beta"))
    ctx = client_ctx(pki)
    for name in ("alpha", "beta"):
        info = wss_echo(srv, ctx, sni=name + ".test")
        assert info["der"] == pki.der(name), "SNI %s.test was not served %s's certificate" % (name, name)
        assert info["alpn"] == "http/1.1", info
        _, f = expect_tls_line(srv, info["local"], sni=name + ".test", resumed="0")
        assert f["tls"] == {"TLSv1.3": "TLS1.3", "TLSv1.2": "TLS1.2"}[info["version"]], (f, info)
        if info["version"] == "TLSv1.3":    # IANA names on both sides
            assert f["cipher"] == info["cipher"], (f, info)
        assert "ktls" not in f and "client" not in f, f


def test_no_sni_gets_first_pair(wsinetd, pki):
    # Connecting by IP literal: Python sends no SNI; the hostname check is
    # against alpha's IP SAN 127.0.0.1.
    srv = tls_server(wsinetd, pki, "echo", names=("alpha", "beta"))
    info = wss_echo(srv, client_ctx(pki))
    assert info["der"] == pki.der("alpha")
    expect_tls_line(srv, info["local"], sni="-")


def test_no_sni_first_pair_is_order_not_name(wsinetd, pki):
    # beta first: a client without SNI gets beta (no hostname check: beta
    # has no IP SAN, which is the client's business, not the server's).
    srv = tls_server(wsinetd, pki, "echo", names=("beta", "alpha"))
    ctx = client_ctx(pki, check_hostname=False)
    info = wss_echo(srv, ctx)
    assert info["der"] == pki.der("beta"), "no SNI must get the first pair (beta)"
    expect_tls_line(srv, info["local"], sni="-")
    # A name neither pair has also gets the first pair.
    info = wss_echo(srv, ctx, sni="gamma.test")
    assert info["der"] == pki.der("beta"), "an unknown SNI must get the first pair (beta)"
    expect_tls_line(srv, info["local"], sni="gamma.test")
    # And SNI still reaches the second pair.
    info = wss_echo(srv, client_ctx(pki), sni="alpha.test")
    assert info["der"] == pki.der("alpha")


def test_alpn_http11_chosen(wsinetd, pki):
    srv = tls_server(wsinetd, pki, "echo", names=("alpha",))
    info = wss_echo(srv, client_ctx(pki, alpn=("h2", "http/1.1")), sni="alpha.test")
    assert info["alpn"] == "http/1.1", info
