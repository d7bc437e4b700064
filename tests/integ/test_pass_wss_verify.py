"""A wss:// backend whose certificate does not verify gets 502 and a log
line saying why: no --backend-ca (unknown issuer: the test CA is in no
system store), the wrong --backend-ca, a certificate for another name
(name mismatch), an expired certificate.  The backend never sees a
request."""

import shutil
import subprocess

from helpers import refused, upgrade_request, wait_log_line
from pass_helpers import WsBackend, make_pki, server_ctx


def expired_cert(pki, d):
    """A certificate for localhost, signed by the test CA, valid only in 2020."""
    k, c, t = d / "expired.key", d / "expired.crt", d / "expired.tmpl"
    t.write_text('cn = "localhost"\ndns_name = "localhost"\ntls_www_server\n'
                 'signing_key\nencryption_key\nactivation_date = "2020-01-01 00:00:00"\n'
                 'expiration_date = "2020-02-01 00:00:00"\n')
    tool = shutil.which("certtool")
    for args in (["--generate-privkey", "--key-type", "ecdsa", "--outfile", k],
                 ["--generate-certificate", "--load-privkey", k, "--load-ca-certificate",
                  pki.ca, "--load-ca-privkey", pki.ca.with_suffix(".key"),
                  "--template", t, "--outfile", c]):
        r = subprocess.run([tool, *map(str, args)], capture_output=True, timeout=30)
        assert r.returncode == 0, r.stderr
    return c, k


def one(wsinetd, backend, args, why):
    srv = wsinetd.socket_activate(*args, backend.url("wss", host="localhost"))
    refused(srv, upgrade_request(), 502)
    line = wait_log_line(srv, "certificate refused")
    assert why in line, line


def test_pass_wss_verify(wsinetd, tmp_path):
    pki = make_pki(tmp_path / "pki")
    good = WsBackend(ctx=server_ctx(*pki.localhost))
    other = WsBackend(ctx=server_ctx(*pki.other))
    old = WsBackend(ctx=server_ctx(*expired_cert(pki, tmp_path / "pki")))
    try:
        one(wsinetd, good, [], "unknown issuer")
        one(wsinetd, good, ["--backend-ca", pki.other_ca], "unknown issuer")
        one(wsinetd, other, ["--backend-ca", pki.ca], "name mismatch")
        one(wsinetd, old, ["--backend-ca", pki.ca], "expired")
        assert good.requests == [] and other.requests == [] and old.requests == []
    finally:
        for b in (good, other, old):
            b.close()
