"""The default priority allows TLS 1.2 and 1.3 only: a client that speaks
only TLS 1.1 fails the handshake (Python ssl at SECLEVEL 0, and
gnutls-cli).  The same clients succeed when --tls-priority allows TLS 1.1,
which proves they really speak it and that --tls-priority is used."""

import shutil
import ssl
import subprocess

from tlsutil import TlsClient, client_ctx, expect_tls_line, tls_server, wait_no_handlers

TLS11_PRIORITY = "NORMAL:-VERS-ALL:+VERS-TLS1.1"


def py_tls11(pki):
    ctx = client_ctx(pki, min_version=ssl.TLSVersion.TLSv1_1, max_version=ssl.TLSVersion.TLSv1_1)
    ctx.set_ciphers("DEFAULT:@SECLEVEL=0")
    return ctx


def gnutls_cli(pki, srv):
    cli = shutil.which("gnutls-cli")
    assert cli, "gnutls-cli (Debian gnutls-bin) is needed"
    r = subprocess.run([cli, "--priority", TLS11_PRIORITY, "--x509cafile", str(pki.ca),
                        "--sni-hostname", "alpha.test", "-p", str(srv.port), srv.host],
                       input=b"", capture_output=True, timeout=20)
    return r.returncode, (r.stdout + r.stderr).decode(errors="replace")


def test_tls11_refused_by_default(wsinetd, pki):
    srv = tls_server(wsinetd, pki, "echo")
    try:
        c = TlsClient.connect(srv.host, srv.port, py_tls11(pki), sni="alpha.test", timeout=5)
    except ssl.SSLError as e:
        print(e)
    else:
        v = c.sock.version()
        c.close()
        raise AssertionError("a TLS 1.1-only client was accepted (%s)" % v)
    rc, out = gnutls_cli(pki, srv)
    assert rc != 0 and "Handshake was completed" not in out, out
    wait_no_handlers(srv)


def test_tls11_allowed_by_priority(wsinetd, pki):
    srv = tls_server(wsinetd, pki, "--tls-priority", "NORMAL:+VERS-TLS1.1", "echo")
    c = TlsClient.connect(srv.host, srv.port, py_tls11(pki), sni="alpha.test")
    assert c.sock.version() == "TLSv1.1"
    c.upgrade()
    peer = c.local
    c.close()
    expect_tls_line(srv, peer, tls="TLS1.1")
    rc, out = gnutls_cli(pki, srv)
    assert "Handshake was completed" in out and "(TLS1.1-" in out, out
