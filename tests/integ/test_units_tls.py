"""The TLS deployment files: units/wsinetd-tls.socket, its own
units/wsinetd-tls@.service (--tls on) and the credentials drop-in
wsinetd-tls@.service.d/tls.conf.

- The TLS service says --tls on: systemd before v257 names every
  Accept=yes connection "connection" whatever FileDescriptorName= says,
  so the name cannot be what turns TLS on (tests/systemd/ shows both
  under systemd 252 as PID 1).
- `systemd-analyze verify` accepts the socket with its service, the
  drop-in applied, and the score is the plain service's.
- The credential names in the drop-in are the ones wsinetd reads from
  $CREDENTIALS_DIRECTORY: `wsinetd --check` run with a directory laid out
  as systemd would lay it out reports those files and loads them.
(That every service's sandbox is the same is test_units.py's.)
"""

import os
import re
import shutil
import subprocess
from pathlib import Path

from test_units import INSTALLED, MAX_EXPOSURE, UNITS, analyze, built_binary, copy_units

TLS_SOCKET = UNITS / "wsinetd-tls.socket"
TLS_SERVICE = UNITS / "wsinetd-tls@.service"
DROPIN = UNITS / "wsinetd-tls@.service.d" / "tls.conf"


def lay_out(tmp_path, binary):
    copy_units(tmp_path, binary, TLS_SERVICE)
    shutil.copy(TLS_SOCKET, tmp_path)
    d = tmp_path / DROPIN.parent.name
    d.mkdir()
    shutil.copy(DROPIN, d)


def test_tls_service_says_tls_on():
    text = TLS_SOCKET.read_text()
    assert re.search(r"^FileDescriptorName=tls$", text, re.M)
    assert re.search(r"^ListenStream=443$", text, re.M)
    assert re.search(r"^Accept=yes$", text, re.M)
    assert not TLS_SERVICE.is_symlink()
    starts = re.findall(r"^ExecStart=(.*)$", TLS_SERVICE.read_text(), re.M)
    assert starts == [INSTALLED + " --tls on tcp:127.0.0.1:5900"], starts


def test_tls_units_verify_and_score_as_the_plain_service(tmp_path):
    lay_out(tmp_path, built_binary())
    r = analyze("verify", "wsinetd-tls.socket", "wsinetd-tls@7.service", cwd=tmp_path)
    out = (r.stdout + r.stderr).strip()
    assert r.returncode == 0 and not out, "verify exit %d:\n%s" % (r.returncode, out)
    r = analyze("security", "--offline=true", str(tmp_path / "wsinetd-tls@7.service"),
                cwd=tmp_path)
    out = r.stdout + r.stderr
    m = re.search(r"Overall exposure level for (\S+): (\d+\.\d+)", out)
    assert m, out
    assert m.group(1) == "wsinetd-tls@7.service", m.group(1)
    assert float(m.group(2)) <= MAX_EXPOSURE, out


def test_dropin_credentials_are_what_wsinetd_reads(tmp_path):
    ids = re.findall(r"^LoadCredential=([^:]+):(\S+)$", DROPIN.read_text(), re.M)
    assert [i for i, _ in ids] == ["tls.crt", "tls.key", "tls-ticket.key"], ids
    assert all(p.startswith("/etc/wsinetd/") for _, p in ids)
    creds = tmp_path / "credentials"
    creds.mkdir()
    key = creds / "tls.key"
    subprocess.run(["certtool", "--generate-privkey", "--key-type", "ecdsa",
                    "--outfile", str(key)], check=True, capture_output=True)
    tmpl = tmp_path / "t.tmpl"
    tmpl.write_text('cn = "unit.test"\ndns_name = "unit.test"\ntls_www_server\n'
                    'expiration_days = 2\n')
    subprocess.run(["certtool", "--generate-self-signed", "--load-privkey", str(key),
                    "--template", str(tmpl), "--outfile", str(creds / "tls.crt")],
                   check=True, capture_output=True)
    binary = str(built_binary())
    subprocess.run([binary, "--gen-ticket-key", str(creds / "tls-ticket.key")], check=True)
    env = {"PATH": "/usr/bin:/bin", "CREDENTIALS_DIRECTORY": str(creds)}
    # The unit runs as its dynamic user; this test is root: say so.
    root = ["--allow-root"] if os.geteuid() == 0 else []
    r = subprocess.run([binary, *root, "--check", "echo"], env=env, capture_output=True,
                       text=True, timeout=10)
    assert r.returncode == 0, r.stderr
    assert "tls-cert %s/tls.crt key %s/tls.key" % (creds, creds) in r.stdout, r.stdout
    assert "tls-ticket-key %s/tls-ticket.key" % creds in r.stdout, r.stdout
    assert re.search(r"^gnutls \d+\.\d+", r.stdout, re.M), r.stdout
    # A broken credential is reported with its file and exit status 78.
    (creds / "tls.key").write_text("not a key\n")
    r = subprocess.run([binary, *root, "--check", "echo"], env=env, capture_output=True,
                       text=True, timeout=10)
    assert r.returncode == 78, (r.returncode, r.stdout, r.stderr)
    assert "TLS certificate %s/tls.crt" % creds in r.stderr, r.stderr
