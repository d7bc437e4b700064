"""Every unit file in units/ is started in this container by some test in
this directory; this one checks that from both sides: each socket and
service named here exists in units/, and each unit in units/ is named
here and serves a WebSocket on its own when started (the sockets with
their services, the TLS one with the shipped credentials drop-in)."""

from harness import ROOT
from sdutil import echo_once, plain_echo, wait_units
from test_prefork import prefork_echo
from test_tls import Srv, pki_ns, remove_credentials, tls_echo
from tlsutil import client_ctx, wss_echo

# socket -> the service (template) it starts
SHIPPED = {
    "wsinetd.socket": "wsinetd@.service",
    "wsinetd-tls.socket": "wsinetd-tls@.service",
    "wsinetd-prefork.socket": "wsinetd-prefork.service",
}


def test_every_shipped_unit_serves(machine, units, tmp_path):
    tree = {p.name for p in (ROOT / "units").iterdir() if p.suffix in (".socket", ".service")}
    assert tree == set(SHIPPED) | set(SHIPPED.values()), sorted(tree)
    seen = set()

    port = plain_echo(units)
    echo_once(port)
    seen |= {"wsinetd.socket", "wsinetd@.service"}

    try:
        pki, port = tls_echo(machine, units, tmp_path)
        wss_echo(Srv(port), client_ctx(pki_ns(pki)), sni="localhost")
        seen |= {"wsinetd-tls.socket", "wsinetd-tls@.service"}
    finally:
        remove_credentials(machine)

    port = prefork_echo(units)
    echo_once(port)
    assert wait_units(machine, "wsinetd-prefork.service", 1)
    seen |= {"wsinetd-prefork.socket", "wsinetd-prefork.service"}
    assert seen == tree
