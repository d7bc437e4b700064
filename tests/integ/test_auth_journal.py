"""--auth-file under the journal (stderr is $JOURNAL_STREAM, as under the
systemd units): the access line of an authenticated upgrade carries
WSINETD_USER, and a failed attempt is its own entry at PRIORITY=4
(warning) that a fail2ban jail with backend = systemd reads through
SYSLOG_IDENTIFIER=wsinetd.  The test owns the journal socket: a private
mount namespace with a tmpfs on /run/systemd."""

import subprocess

from auth_helpers import basic, users_file
from harness import ROOT_ARGS
from helpers import upgrade_request

CAPTURE = r'''
import os, socket, subprocess, sys
os.makedirs("/run/systemd/journal", exist_ok=True)
j = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
j.bind("/run/systemd/journal/socket")
j.settimeout(10)
for req in sys.stdin.buffer.read().split(b"\0"):
    cli, srv = socket.socketpair()
    r, w = os.pipe()
    st = os.fstat(w)
    env = dict(os.environ, JOURNAL_STREAM="%d:%d" % (st.st_dev, st.st_ino))
    p = subprocess.Popen(sys.argv[1:], stdin=srv, stdout=srv, stderr=w, env=env)
    srv.close(); os.close(w)
    cli.sendall(req + b"\x88\x82\x01\x02\x03\x04\x02\xea")   # then a Close
    cli.settimeout(10)
    while cli.recv(4096):
        pass
    p.wait(10)
    while True:
        e = j.recv(65536)
        sys.stdout.buffer.write(e.hex().encode() + b"\n")
        if b"WSINETD_PEER=" in e:          # the access line ends it
            break
'''


def test_auth_journal(wsinetd, tmp_path):
    users = users_file(wsinetd, {"alice": "pw"})
    script = tmp_path / "capture.py"
    script.write_text(CAPTURE)
    reqs = b"\0".join([upgrade_request(extra=[basic("alice", "pw")]),
                       upgrade_request(extra=[basic("alice", "guess")])])
    r = subprocess.run(
        ["unshare", "-m", "--propagation", "private", "sh", "-c",
         'mount -t tmpfs none /run/systemd && exec "$0" "$@"',
         "/usr/bin/python3", str(script), wsinetd.bin, *ROOT_ARGS, "--auth-file", str(users),
         "echo"],
        input=reqs, capture_output=True, timeout=60, env=wsinetd.env)
    assert r.returncode == 0, r.stderr.decode(errors="replace")
    entries = [dict(f.split("=", 1) for f in bytes.fromhex(h.decode()).decode().splitlines()
                    if "=" in f) for h in r.stdout.split()]
    access = [e for e in entries if "WSINETD_PEER" in e]
    assert [e["WSINETD_STATUS"] for e in access] == ["101", "401"], access
    assert access[0]["WSINETD_USER"] == "alice" and access[0]["MESSAGE"].endswith(" user=alice")
    assert access[1]["WSINETD_USER"] == "", access[1]     # every field, empty
    fails = [e for e in entries if "authentication failed" in e.get("MESSAGE", "")]
    assert len(fails) == 1, entries
    f = fails[0]
    assert f["PRIORITY"] == "4" and f["SYSLOG_IDENTIFIER"] == "wsinetd", f
    assert f["MESSAGE"].endswith(': authentication failed for user "alice": wrong password, '
                                 'answered 401'), f
    assert not any("guess" in v for e in entries for v in e.values())
