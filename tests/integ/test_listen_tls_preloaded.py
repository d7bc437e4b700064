"""With TLS possible (--tls-cert given: --tls auto), the resident parent
loads GnuTLS once, so its pre-forked children have it mapped before their
connection arrives and a TLS connection's start-up is its handshake.  (A
plain server's parent never maps it: test_listen_prefork.py.)"""

from harness import children, wait_for
from helpers import waiting_in_accept
from test_gnutls_loaded_only_for_tls import self_signed


def mapped(pid, name):
    return name in open("/proc/%d/maps" % pid).read()


def test_listen_tls_preloaded(wsinetd, tmp_path):
    crt, key = self_signed(tmp_path)
    srv = wsinetd.listen("--tls-cert", crt, "--tls-key", key, "echo")
    idle = wait_for(lambda: (lambda k: k if len(k) == 4 else None)(
        [p for p in children(srv.proc.pid) if waiting_in_accept(p)]), what="4 idle children")
    assert mapped(srv.proc.pid, "libgnutls")
    assert all(mapped(p, "libgnutls") for p in idle)
