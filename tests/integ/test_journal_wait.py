"""journald looks a datagram's sender up in /proc only after reading it,
so wsinetd stays alive until its journal entry has been read (bounded by
JOURNAL_WAIT_MS, 1 s): an entry read late keeps _SYSTEMD_UNIT.  (The
effect under a real journald, a 100-connection burst, is
tests/systemd/test_journal.py's.)

The test owns the journal socket, as test_activation.py's journal test
does (a private mount namespace with a tmpfs on /run/systemd), and reads
it late on purpose: after the client's session is over it waits 600 ms,
wsinetd must still be running then, and must exit promptly once the
entry and the empty marker datagram after it are read.  A reader that
never comes costs wsinetd JOURNAL_WAIT_MS, no more.
"""

import subprocess

from harness import JOURNAL_PRELUDE, ROOT_ARGS

CAPTURE = JOURNAL_PRELUDE + r'''
import time
late = os.environ["WSINETD_TEST_MODE"] == "late"

def read_entry():
    """One entry and the empty datagram that follows it."""
    entry = j.recv(65536)
    marker = j.recv(65536)
    assert marker == b"", marker
    return entry

if ROOT:
    read_entry()                   # the --allow-root warning, read at once
cli.sendall(b"GET /late HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
            b"Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            b"Sec-WebSocket-Version: 13\r\n\r\n"
            b"\x88\x82\x01\x02\x03\x04\x02\xea")          # Close 1000
cli.settimeout(10)
while cli.recv(4096):
    pass
cli.close()                        # so wsinetd's lingering close ends now
done = time.monotonic()
if late:
    time.sleep(0.6)
    print("ALIVE_BEFORE_READ", p.poll() is None)
    entry = read_entry()
    read = time.monotonic()
    p.wait(5)
    print("EXIT_AFTER_READ_MS", int((time.monotonic() - read) * 1000))
    print("ENTRY", b"WSINETD_PATH=/late" in entry)
else:
    p.wait(5)                      # nobody reads
    print("EXIT_AFTER_CLOSE_MS", int((time.monotonic() - done) * 1000))
print("EXIT", p.returncode)
'''


def capture(wsinetd, tmp_path, mode):
    script = tmp_path / "capture.py"
    script.write_text("ROOT = %r\n" % bool(ROOT_ARGS) + CAPTURE)
    r = subprocess.run(
        ["unshare", "-m", "--propagation", "private", "sh", "-c",
         'mount -t tmpfs none /run/systemd && exec "$0" "$@"',
         "/usr/bin/python3", str(script), wsinetd.bin, *ROOT_ARGS],
        capture_output=True, timeout=60, env=dict(wsinetd.env, WSINETD_TEST_MODE=mode),
        text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    return dict(ln.split(" ", 1) for ln in r.stdout.splitlines())


def test_journal_entry_read_before_exit(wsinetd, tmp_path):
    out = capture(wsinetd, tmp_path, "late")
    assert out["ALIVE_BEFORE_READ"] == "True", "wsinetd exited before its entry was read"
    assert out["ENTRY"] == "True"
    assert int(out["EXIT_AFTER_READ_MS"]) < 500, out
    assert out["EXIT"] == "0"


def test_journal_wait_is_bounded(wsinetd, tmp_path):
    out = capture(wsinetd, tmp_path, "never")
    # JOURNAL_WAIT_MS is 1000; the sanitizer build is slower to exit.
    assert 900 <= int(out["EXIT_AFTER_CLOSE_MS"]) < 2500, out
    assert out["EXIT"] == "0"
