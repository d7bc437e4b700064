"""wsinetd under a journal the test owns: a private mount namespace with a
tmpfs on /run/systemd, a datagram socket bound at the journal's native
socket, and stderr a pipe named by $JOURNAL_STREAM, as under the systemd
units.  Each request is sent on its own socket pair (inetd style) and the
entries are read until each connection's access entry (WSINETD_PEER=)."""

import subprocess

from harness import ROOT_ARGS

CAPTURE = r'''
import os, socket, subprocess, sys
os.makedirs("/run/systemd/journal", exist_ok=True)
j = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
j.bind("/run/systemd/journal/socket")
j.settimeout(10)
tail = bytes.fromhex(os.environ.pop("CAPTURE_TAIL"))
for req in sys.stdin.buffer.read().split(b"\0\0\0"):
    cli, srv = socket.socketpair()
    r, w = os.pipe()
    st = os.fstat(w)
    env = dict(os.environ, JOURNAL_STREAM="%d:%d" % (st.st_dev, st.st_ino))
    p = subprocess.Popen(sys.argv[1:], stdin=srv, stdout=srv, stderr=w, env=env)
    srv.close(); os.close(w)
    cli.sendall(req + tail)
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

# A masked Close (1002... code 1000 masked with 01 02 03 04), sent after an
# upgrade so that the session ends at once.
CLOSE = b"\x88\x82\x01\x02\x03\x04\x02\xea"


def journal_entries(wsinetd, tmp_path, args, requests, tail=CLOSE):
    """The raw journal datagrams (bytes) of wsinetd ARGS serving each of
    requests (bytes), each followed by tail."""
    script = tmp_path / "capture.py"
    script.write_text(CAPTURE)
    r = subprocess.run(
        ["unshare", "-m", "--propagation", "private", "sh", "-c",
         'mount -t tmpfs none /run/systemd && exec "$0" "$@"',
         "/usr/bin/python3", str(script), wsinetd.bin, *ROOT_ARGS, *map(str, args)],
        input=b"\0\0\0".join(requests), capture_output=True, timeout=60,
        env=dict(wsinetd.env, CAPTURE_TAIL=tail.hex()))
    assert r.returncode == 0, r.stderr.decode(errors="replace")
    return [bytes.fromhex(h.decode()) for h in r.stdout.split()]


def journal_fields(wsinetd, tmp_path, args, requests, tail=CLOSE):
    """journal_entries() as {NAME: value} dicts."""
    return [dict(f.split("=", 1) for f in e.decode().splitlines() if "=" in f)
            for e in journal_entries(wsinetd, tmp_path, args, requests, tail)]
