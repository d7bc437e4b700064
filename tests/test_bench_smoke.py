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
    # Issue 16 and 20's parts: the peers' rows, the by-size section, a load
    # figure next to wsinetd's, and every target reported (met, NOT met or
    # n/a), the CPUID note with a measured figure.
    for name in ("lighttpd wstunnel", "wsinetd Accept=no", "wsinetd --listen TLS"):
        assert re.search(r"\| [^|]+ \| %s \|" % re.escape(name), text), name
    for size in ("125 B", "16 KiB", "40 KiB", "64 KiB", "1 MiB"):
        assert re.search(r"\| %s p50, ms \| wsinetd TLS \| \d" % size, text), size
    assert re.search(r"\| conn/s \| wsinetd \| \d+ \| 1\.00 \| [^|]* \| \d+\.\d\d", text), \
        "no load figure next to wsinetd's conn/s"
    for head in ("## Targets (issue 16)", "## Targets (issue 20)"):
        part = text.split(head, 1)[1].split("\n## ", 1)[0]
        lines = [ln for ln in part.splitlines() if ln.startswith("- ")]
        assert lines and all(re.search(r"\*\*(met|NOT met|n/a)\*\*", ln) for ln in lines), part
    assert re.search(r"Here one took \d+\.\d\d µs", text), "CPUID not measured"
