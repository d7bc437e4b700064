"""An expired server certificate is served as configured (wsinetd does not
judge its own certificate), and a verifying client rejects it as expired."""

import ssl

import pytest

from tlsutil import TlsClient, client_ctx, tls_server


def test_expired_cert_rejected_by_client(wsinetd, pki):
    srv = tls_server(wsinetd, pki, "echo", names=("expired",))
    c = TlsClient.connect(srv.host, srv.port, client_ctx(pki, verify=False), sni="alpha.test")
    assert c.der == pki.der("expired"), "the expired certificate was not the one served"
    c.close()
    with pytest.raises(ssl.SSLCertVerificationError) as e:
        TlsClient.connect(srv.host, srv.port, client_ctx(pki), sni="alpha.test", timeout=5)
    assert "expired" in str(e.value), e.value
