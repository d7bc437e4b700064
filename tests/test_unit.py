"""Run the C unit tests (tests/unit/t_*.c) for each build variant."""

import subprocess

import pytest

from harness import ROOT, variants

# Every tests/unit/t_*.c is a unit test; one missing from the Makefile's
# UNIT_TESTS is then "not built" here instead of silently skipped.
UNITS = sorted(p.stem for p in (ROOT / "tests" / "unit").glob("t_*.c"))
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
