"""exec: on a TLS connection the program's environment carries the TLS
facts under the names stunnel and s6-tlsd use: HTTPS=on, SSL_PROTOCOL,
SSL_CIPHER, SSL_TLS_SNI_SERVERNAME, and the verified client certificate's
subject as both SSL_CLIENT_DN and SSL_PEER_CERT_SUBJECT."""

from helpers import close_frame
from tlsutil import TlsClient, client_ctx, tls_server


def program_env(c):
    data, code = c.read_until_close()
    assert code == 1000, code
    c.send(close_frame(1000))
    c.read_to_eof()
    c.close()
    return {k.decode(): v.decode() for k, v in
            (kv.split(b"=", 1) for kv in data.split(b"\0") if kv)}


def test_exec_tls_env_client_cert(wsinetd, pki):
    srv = tls_server(wsinetd, pki, "--tls-client-ca", pki.client_ca,
                     "exec:/usr/bin/env", "-0", names=("alpha",))
    c = TlsClient.connect(srv.host, srv.port, client_ctx(pki, cert=pki.alice),
                          sni="alpha.test")
    c.upgrade()
    version, cipher = c.sock.version(), c.sock.cipher()[0]
    env = program_env(c)
    assert env["HTTPS"] == "on"
    assert env["SSL_PROTOCOL"].replace(".", "").replace("v", "") == \
        version.replace(".", "").replace("v", ""), (env["SSL_PROTOCOL"], version)
    assert env["SSL_CIPHER"], env
    assert env["SSL_TLS_SNI_SERVERNAME"] == "alpha.test"
    assert env["SSL_CLIENT_DN"] == "CN=alice"
    assert env["SSL_PEER_CERT_SUBJECT"] == "CN=alice"
    print("SSL_CIPHER", env["SSL_CIPHER"], "python", cipher)


def test_exec_tls_env_no_client_cert(wsinetd, pki):
    srv = tls_server(wsinetd, pki, "exec:/usr/bin/env", "-0", names=("alpha",))
    c = TlsClient.connect(srv.host, srv.port, client_ctx(pki), sni="alpha.test")
    c.upgrade()
    env = program_env(c)
    assert env["HTTPS"] == "on" and env["SSL_TLS_SNI_SERVERNAME"] == "alpha.test"
    assert "SSL_CLIENT_DN" not in env and "SSL_PEER_CERT_SUBJECT" not in env
