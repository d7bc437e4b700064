"""Without --tls-cert, $CREDENTIALS_DIRECTORY/tls.crt and tls.key (systemd's
LoadCredential=) are the certificate, on a socket named tls.  The same
credentials without a tls-named socket and without --tls-cert leave TLS
off: a plain ws:// client is served."""

import shutil

from helpers import echo_session
from tlsutil import access_line, client_ctx, expect_tls_line, tls_fields, wss_echo


def credentials(pki, tmp_path):
    d = tmp_path / "credentials"
    d.mkdir()
    shutil.copyfile(pki.beta[0], d / "tls.crt")
    shutil.copyfile(pki.beta[1], d / "tls.key")
    return d


def test_credentials_directory_default(wsinetd, pki, tmp_path):
    d = credentials(pki, tmp_path)
    srv = wsinetd.socket_activate("echo", extra_env={"CREDENTIALS_DIRECTORY": str(d)},
                                  launcher_args=("--fdname=tls",))
    info = wss_echo(srv, client_ctx(pki), sni="beta.test")
    assert info["der"] == pki.der("beta"), "tls.crt from $CREDENTIALS_DIRECTORY was not served"
    expect_tls_line(srv, info["local"], sni="beta.test")


def test_credentials_directory_alone_is_not_tls(wsinetd, pki, tmp_path):
    d = credentials(pki, tmp_path)
    srv = wsinetd.socket_activate("echo", extra_env={"CREDENTIALS_DIRECTORY": str(d)})
    peer = echo_session(srv.url, [("text", "plain still")])
    line = access_line(srv, peer)
    assert " 101 " in line and not tls_fields(line), line
