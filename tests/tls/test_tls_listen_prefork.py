"""Pre-forked children read the TLS files per connection: a certificate
renewed after they were forked is the one they serve, and a key only root
can read works with --user nobody, because a child still has its
privileges while it waits in accept() and reads the files before it drops
them (then shakes hands as nobody).  The access line's wsinetd[PID] shows
the second connection was served by a child forked before the renewal."""

import os
import re
import shutil

from harness import children, wait_for
from helpers import waiting_in_accept
from tlsutil import access_line, client_ctx, wss_echo


def served_by(srv, peer):
    return int(re.match(r"wsinetd\[(\d+)\]", access_line(srv, peer)).group(1))


def test_tls_listen_prefork(wsinetd, pki, tmp_path):
    crt, key = tmp_path / "site.crt", tmp_path / "site.key"
    shutil.copyfile(pki.alpha[0], crt)
    shutil.copyfile(pki.alpha[1], key)
    os.chmod(key, 0o600)
    srv = wsinetd.listen("--prefork", "2", "--user", "nobody", "--tls", "on",
                         "--tls-cert", crt, "--tls-key", key, "echo")
    ctx = client_ctx(pki, check_hostname=False)
    first = wss_echo(srv, ctx)
    assert first["der"] == pki.der("alpha")
    served_by(srv, first["local"])

    idle = wait_for(lambda: (lambda k: k if len(k) == 2 and all(map(waiting_in_accept, k))
                             else None)(children(srv.proc.pid)), what="2 idle children")
    crt.write_bytes(pki.beta[0].read_bytes())       # renewed in place
    key.write_bytes(pki.beta[1].read_bytes())
    second = wss_echo(srv, ctx)
    assert second["der"] == pki.der("beta"), "a pre-forked child served the old certificate"
    assert served_by(srv, second["local"]) in idle
