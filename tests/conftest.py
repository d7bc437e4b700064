"""pytest wiring for every test directory: the `wsinetd` fixture (see
harness.py), parametrized over the build variants in $WSINETD_VARIANTS."""

import time

import pytest

from harness import Wsinetd, variants


def pytest_generate_tests(metafunc):
    if "wsinetd" in metafunc.fixturenames:
        metafunc.parametrize("wsinetd", variants(), indirect=True)


@pytest.fixture
def wsinetd(request, tmp_path):
    w = Wsinetd(request.param, tmp_path)
    yield w
    w.close()
    # Sanitizer reports are written by the process as it dies; give a
    # handler that is still draining a moment to finish.
    time.sleep(0.05)
    reports = w.sanitizer_reports()
    assert not reports, "sanitizer reports:\n" + "\n".join(reports.values())
