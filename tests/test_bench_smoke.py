"""`make bench` still measures wsinetd: a quick run (each row once, tiny
counts, every echoed byte still verified) must produce a figure, not "n/a",
for every wsinetd row, and the compression section.  Peers that are not
installed may be n/a here; `make bench` installs them, `make check` does
not.  (Once, a change that made wsinetd refuse to run as root without
--user turned every wsinetd row of the benchmark into n/a unnoticed.)"""

import os
import re
import subprocess

from harness import ROOT


def test_bench_quick_measures_wsinetd(tmp_path):
    out = tmp_path / "results.md"
    env = dict(os.environ, BENCH_QUICK="1", BENCH_NO_INSTALL="1", BENCH_OUT=str(out))
    r = subprocess.run(["make", "--no-print-directory", "bench"], cwd=ROOT, env=env,
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    text = out.read_text()
    rows = [ln for ln in text.splitlines() if re.match(r"\| [^|]+ \| wsinetd", ln)]
    assert len(rows) >= 15, "too few wsinetd rows:\n" + text
    broken = [ln for ln in rows if "n/a" in ln]
    assert not broken, "wsinetd rows without a figure:\n" + "\n".join(broken)
    assert "| wsinetd --compress |" in text, text[-2000:]
