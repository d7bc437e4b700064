"""TLS session resumption across processes (every connection is its own
wsinetd process under --accept): with --tls-ticket-key the second
connection resumes the first one's session and the access line says
resumed=1; without a ticket key nothing resumes.

Clients: `gnutls-cli --resume` (reports "*** This is a resumed session")
and Python's ssl with session= (TLS 1.3 and TLS 1.2).  Under TLS 1.3 the
ticket arrives after the handshake, so the first connection does an
upgrade and an echo before its session is taken.
"""

import shutil
import ssl
import subprocess

from helpers import OP_BIN, OP_CLOSE, close_frame, frame
from tlsutil import TlsClient, client_ctx, expect_tls_line, tls_server


def ticket_key(wsinetd, tmp_path):
    k = tmp_path / "ticket.key"
    r = wsinetd.run("--gen-ticket-key", k, stdin=subprocess.DEVNULL)
    assert r.returncode == 0, r.stderr.decode(errors="replace")
    return k


def echo_once(c):
    """Upgrade, one echo, a clean close: the session is usable afterwards."""
    c.upgrade()
    c.send(frame(OP_BIN, b"resume me"))
    assert c.read_message() == (OP_BIN, b"resume me")
    c.send(close_frame(1000))
    assert c.read_message()[0] == OP_CLOSE
    c.read_to_eof()


def two_connections(srv, ctx):
    first = TlsClient.connect(srv.host, srv.port, ctx, sni="alpha.test")
    echo_once(first)
    session = first.sock.session
    first.close()
    second = TlsClient.connect(srv.host, srv.port, ctx, sni="alpha.test", session=session)
    reused = second.sock.session_reused
    echo_once(second)
    second.close()
    return first, second, session, reused


def check_python_resumption(wsinetd, pki, tmp_path, version):
    srv = tls_server(wsinetd, pki, "--tls-ticket-key", ticket_key(wsinetd, tmp_path), "echo")
    ctx = client_ctx(pki, min_version=version, max_version=version)
    first, second, session, reused = two_connections(srv, ctx)
    assert session is not None and session.has_ticket, "the server sent no session ticket"
    assert reused, "second connection was not resumed (%s)" % version
    want = {ssl.TLSVersion.TLSv1_3: "TLS1.3", ssl.TLSVersion.TLSv1_2: "TLS1.2"}[version]
    expect_tls_line(srv, first.local, resumed="0", tls=want, sni="alpha.test")
    expect_tls_line(srv, second.local, resumed="1", tls=want, sni="alpha.test")


def test_resumption_python_tls13(wsinetd, pki, tmp_path):
    check_python_resumption(wsinetd, pki, tmp_path, ssl.TLSVersion.TLSv1_3)


def test_resumption_python_tls12(wsinetd, pki, tmp_path):
    check_python_resumption(wsinetd, pki, tmp_path, ssl.TLSVersion.TLSv1_2)


def test_no_ticket_key_no_resumption(wsinetd, pki):
    srv = tls_server(wsinetd, pki, "echo")
    first, second, session, reused = two_connections(srv, client_ctx(pki))
    assert not reused, "resumed without --tls-ticket-key"
    expect_tls_line(srv, first.local, resumed="0")
    expect_tls_line(srv, second.local, resumed="0")


def test_resumption_gnutls_cli(wsinetd, pki, tmp_path):
    cli = shutil.which("gnutls-cli")
    assert cli, "gnutls-cli (Debian gnutls-bin) is needed"
    # --handshake-timeout 3: a server that sends no ticket ends gnutls-cli's
    # --waitresumption wait in 3 s, not 10.
    srv = tls_server(wsinetd, pki, "--tls-ticket-key", ticket_key(wsinetd, tmp_path),
                     "--handshake-timeout", "3", "echo")
    r = subprocess.run([cli, "--resume", "--waitresumption", "--x509cafile", str(pki.ca),
                        "--sni-hostname", "alpha.test", "--verify-hostname", "alpha.test",
                        "-p", str(srv.port), srv.host],
                       stdin=subprocess.DEVNULL, capture_output=True, timeout=20)
    out = r.stdout.decode(errors="replace") + r.stderr.decode(errors="replace")
    assert "- Status: The certificate is trusted." in out, out
    assert "*** This is a resumed session" in out, out
    srv.wait_log("resumed=1")
