"""Run the C unit tests (tests/unit/t_*.c) for each build variant."""

import subprocess

import pytest

from harness import ROOT, variants

UNITS = ["t_frame", "t_utf8", "t_wskey", "t_http", "t_sdfds", "t_journal", "t_proxy",
         "t_forwarded", "t_pmd_offer", "t_pmd", "t_pass_head", "t_pass_req"]
DIRS = {"plain": ROOT / "build" / "plain" / "tests",
        "asan": ROOT / "build" / "san" / "tests"}


@pytest.mark.parametrize("variant", variants())
@pytest.mark.parametrize("unit", UNITS)
def test_unit(variant, unit):
    binary = DIRS[variant] / unit
    assert binary.exists(), "%s not built (make unit-bins)" % binary
    r = subprocess.run([str(binary)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    assert " 0 failed" in r.stdout and " passed" in r.stdout
