"""--record under the journal: the access entry of a recorded session has
WSINETD_RECORD, the file's name in DIR (and its MESSAGE ends rec=NAME);
a request that was refused has the field, empty, and no file.  The
journal socket is the test's own (test_auth_journal's capture script, in
a private mount namespace)."""

import subprocess

from harness import ROOT_ARGS
from helpers import upgrade_request
from record_helpers import casts
from test_auth_journal import CAPTURE


def test_record_journal_field(wsinetd, tmp_path):
    rec = tmp_path / "rec"
    rec.mkdir()
    script = tmp_path / "capture.py"
    script.write_text(CAPTURE)
    reqs = b"\0".join([upgrade_request(), upgrade_request(version="12")])
    r = subprocess.run(
        ["unshare", "-m", "--propagation", "private", "sh", "-c",
         'mount -t tmpfs none /run/systemd && exec "$0" "$@"',
         "/usr/bin/python3", str(script), wsinetd.bin, *ROOT_ARGS, "--record", str(rec),
         "echo"],
        input=reqs, capture_output=True, timeout=60, env=wsinetd.env)
    assert r.returncode == 0, r.stderr.decode(errors="replace")
    entries = [dict(f.split("=", 1) for f in bytes.fromhex(h.decode()).decode().splitlines()
                    if "=" in f) for h in r.stdout.split()]
    access = [e for e in entries if "WSINETD_PEER" in e]
    assert [e["WSINETD_STATUS"] for e in access] == ["101", "426"], access
    (path,) = casts(rec)
    assert access[0]["WSINETD_RECORD"] == path.name
    assert access[0]["MESSAGE"].endswith(" rec=" + path.name)
    assert path.name.split("_")[1] == "unix"        # a socketpair's peer
    assert access[1]["WSINETD_RECORD"] == "" and " rec=" not in access[1]["MESSAGE"]
