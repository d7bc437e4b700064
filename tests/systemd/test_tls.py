"""wss:// through the shipped wsinetd-tls.socket and wsinetd-tls@.service
with the shipped credentials drop-in (wsinetd-tls@.service.d/tls.conf),
the files in /etc/wsinetd as the README lays them out:

- a python3-websockets wss:// echo, verified against the test CA;
- TLS resumption across two connections (two processes, two instances)
  with the ticket key: gnutls-cli --resume says "This is a resumed
  session", and the second access entry has WSINETD_TLS_RESUMED=1;
- the instance that served it is a wsinetd-tls@ instance whose process
  got the credentials (it is not wsinetd@: before wsinetd-tls@.service
  said --tls on, systemd 252 passed the connection as "connection" and
  every ClientHello was closed as one on a plain port).
"""

import shutil
import subprocess

from pass_helpers import make_pki
from sdutil import access_entries, exec_start, socket_on_free_port
from tlsutil import client_ctx, wss_echo
from harness import ROOT


class Srv:
    host = "127.0.0.1"

    def __init__(self, port):
        self.port = port


def install_credentials(machine, pki):
    """README, "wss:// directly": the files, then the drop-in."""
    machine.run("install", "-d", "-m", "0700", "/etc/wsinetd")
    machine.write("/etc/wsinetd/tls.crt", pki.localhost[0].read_text() + pki.ca.read_text())
    machine.write("/etc/wsinetd/tls.key", pki.localhost[1].read_text(), mode=0o600)
    machine.run("/usr/local/bin/wsinetd", "--gen-ticket-key", "/etc/wsinetd/tls-ticket.key")
    machine.run("mkdir", "-p", "/etc/systemd/system/wsinetd-tls@.service.d")
    machine.run("cp", "/usr/local/share/doc/wsinetd/examples/wsinetd-tls@.service.d/tls.conf",
                "/etc/systemd/system/wsinetd-tls@.service.d/")
    machine.systemctl("daemon-reload")
    shipped = (ROOT / "units" / "wsinetd-tls@.service.d" / "tls.conf").read_text()
    assert machine.path("/etc/systemd/system/wsinetd-tls@.service.d/tls.conf").read_text() \
        == shipped


def remove_credentials(machine):
    machine.remove("/etc/systemd/system/wsinetd-tls@.service.d")
    machine.remove("/etc/wsinetd")
    machine.systemctl("daemon-reload")


def tls_echo(machine, units, tmp_path):
    """The credentials installed, wsinetd-tls@.service relaying to echo,
    wsinetd-tls.socket on a free port and enabled: (pki, port)."""
    pki = make_pki(tmp_path / "pki")
    install_credentials(machine, pki)
    port = socket_on_free_port(units, "wsinetd-tls.socket")
    units.edit("wsinetd-tls@.service", exec_start("--tls on echo"))
    units.start("wsinetd-tls.socket")
    return pki, port


def test_wss_through_the_tls_socket(machine, units, tmp_path):
    try:
        pki, port = tls_echo(machine, units, tmp_path)
        since = machine.cursor()
        ctx = client_ctx(pki_ns(pki), check_hostname=True)
        info = wss_echo(Srv(port), ctx, sni="localhost")
        assert info["version"] == "TLSv1.3", info
        [e] = access_entries(machine, since, 1)
        assert e["WSINETD_PEER"] == info["local"], (e["WSINETD_PEER"], info)
        assert e["_SYSTEMD_UNIT"].startswith("wsinetd-tls@"), e["_SYSTEMD_UNIT"]
        assert e["WSINETD_TLS_PROTOCOL"] == "TLS1.3" and e["WSINETD_TLS_SNI"] == "localhost"
        assert e["WSINETD_TLS_RESUMED"] == "0" and e["WSINETD_CLOSE_CODE"] == "1000"

        since = machine.cursor()
        cli = shutil.which("gnutls-cli")
        assert cli, "gnutls-cli (gnutls-bin) is needed"
        r = subprocess.run([cli, "--resume", "--waitresumption", "--x509cafile", str(pki.ca),
                            "--sni-hostname", "localhost", "--verify-hostname", "localhost",
                            "-p", str(port), "127.0.0.1"],
                           stdin=subprocess.DEVNULL, capture_output=True, timeout=30)
        out = r.stdout.decode(errors="replace") + r.stderr.decode(errors="replace")
        assert "- Status: The certificate is trusted." in out, out
        assert "*** This is a resumed session" in out, out
        first, second = sorted(access_entries(machine, since, 2),
                               key=lambda e: int(e["__REALTIME_TIMESTAMP"]))
        assert first["_SYSTEMD_UNIT"] != second["_SYSTEMD_UNIT"], "one instance for two"
        assert (first["WSINETD_TLS_RESUMED"], second["WSINETD_TLS_RESUMED"]) == ("0", "1")
    finally:
        remove_credentials(machine)


class pki_ns:
    """tlsutil.client_ctx wants .ca."""

    def __init__(self, pki):
        self.ca = pki.ca
