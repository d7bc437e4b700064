"""Certificate files are read per connection: overwriting them between two
connections serves the new certificate on the next one, with the same
launcher and no restart."""

import shutil

from tlsutil import client_ctx, expect_tls_line, wss_echo


def test_cert_rotation(wsinetd, pki, tmp_path):
    crt, key = tmp_path / "site.crt", tmp_path / "site.key"
    shutil.copyfile(pki.alpha[0], crt)
    shutil.copyfile(pki.alpha[1], key)
    srv = wsinetd.socket_activate("--tls-cert", crt, "--tls-key", key, "echo",
                                  launcher_args=("--fdname=tls",))
    ctx = client_ctx(pki, check_hostname=False)

    first = wss_echo(srv, ctx)
    assert first["der"] == pki.der("alpha")
    expect_tls_line(srv, first["local"])

    # Overwrite in place (same inode, as `cp` or an ACME client does).
    crt.write_bytes(pki.beta[0].read_bytes())
    key.write_bytes(pki.beta[1].read_bytes())
    second = wss_echo(srv, ctx)
    assert second["der"] == pki.der("beta"), "connection 2 still got the old certificate"
    expect_tls_line(srv, second["local"])
    assert srv.proc.poll() is None
