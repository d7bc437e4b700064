"""Every unit file in units/ is started in this container by some test in
this directory; this one checks that from both sides: each socket and
service named here exists in units/, and each unit in units/ is named
here and serves a WebSocket on its own when started (the sockets with
their services, the TLS one with the shipped credentials drop-in)."""

from harness import ROOT
from pass_helpers import make_pki
from sdutil import echo_once, exec_start, socket_on_free_port, wait_units
from test_prefork import prefork_echo
from test_tls import Srv, install_credentials, pki_ns
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

    port = socket_on_free_port(units, "wsinetd.socket")
    units.edit("wsinetd@.service", exec_start("echo"))
    units.start("wsinetd.socket")
    echo_once(port)
    seen |= {"wsinetd.socket", "wsinetd@.service"}

    pki = make_pki(tmp_path / "pki")
    install_credentials(machine, pki)
    try:
        port = socket_on_free_port(units, "wsinetd-tls.socket")
        units.edit("wsinetd-tls@.service", exec_start("--tls on echo"))
        units.start("wsinetd-tls.socket")
        wss_echo(Srv(port), client_ctx(pki_ns(pki)), sni="localhost")
        seen |= {"wsinetd-tls.socket", "wsinetd-tls@.service"}
    finally:
        machine.remove("/etc/systemd/system/wsinetd-tls@.service.d")
        machine.remove("/etc/wsinetd")
        machine.systemctl("daemon-reload")

    port = prefork_echo(units)
    echo_once(port)
    assert wait_units(machine, "wsinetd-prefork.service", 1)
    seen |= {"wsinetd-prefork.socket", "wsinetd-prefork.service"}
    assert seen == tree
