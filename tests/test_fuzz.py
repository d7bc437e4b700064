"""Replay each libFuzzer harness's seed corpus, then fuzz it briefly.

`make fuzz` runs them for longer; a crash found there is saved into
tests/fuzz/corpus/NAME/ and from then on replayed here.
"""

import subprocess

import pytest

from harness import ROOT

FUZZ = ROOT / "build" / "fuzz"
CORPUS = ROOT / "tests" / "fuzz" / "corpus"


# Every harness has a corpus directory; a new harness without one fails
# the assertion below rather than going untested.
NAMES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())


@pytest.mark.parametrize("name", NAMES)
def test_fuzz_corpus_and_brief_run(name, tmp_path):
    binary = FUZZ / ("fuzz_" + name)
    assert binary.exists(), "%s not built (make FUZZ=1 fuzz-bins)" % binary
    seeds = sorted((CORPUS / name).iterdir())
    assert seeds, "empty seed corpus for " + name
    replay = subprocess.run([str(binary), "-close_fd_mask=2", *map(str, seeds)],
                            capture_output=True, text=True, timeout=300)
    assert replay.returncode == 0, replay.stderr[-4000:]
    work = tmp_path / "work"
    work.mkdir()
    run = subprocess.run([str(binary), "-max_total_time=8", "-close_fd_mask=2",
                          "-artifact_prefix=%s/" % tmp_path, str(work), str(CORPUS / name)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-4000:]
    assert "Done" in run.stderr
