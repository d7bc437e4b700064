"""pytest wiring for every test directory: the `wsinetd` fixture (see
harness.py), parametrized over the build variants in $WSINETD_VARIANTS."""

import time

import pytest

from harness import Wsinetd, variants

# What ASan/LSan/UBSan print when a report goes to stderr, not log_path.
SANITIZER_MARKS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer",
                   "runtime error:", "SUMMARY: UndefinedBehaviorSanitizer")


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
    # systemd-socket-activate passes its child only PATH and LISTEN_* unless
    # told otherwise, so a handler's report can land in the launcher's log
    # (its stderr) instead of the sanitizer directory.
    for s in w.servers:
        log = s.log()
        hits = [m for m in SANITIZER_MARKS if m in log]
        assert not hits, "sanitizer report in %s:\n%s" % (s.logpath, log[-4000:])
