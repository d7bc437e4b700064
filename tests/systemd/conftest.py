"""Fixtures for tests/systemd: one container with systemd 252 as PID 1 for
the whole directory (nspawn.py), booted once per test session and powered
off at its end, also when a test failed.

Every test here is put in the xdist group "systemd", so that with
`-n 2 --dist loadgroup` (the Makefile's PYTEST_ARGS) they all run in one
worker, one after the other, against the one container; each test sets
the units up with drop-ins (`systemctl edit`, as the README says) and
reverts them (`systemctl revert`) when it is done.

The tests run the plain build as `make install` installs it: the units
are the subject, and they name /usr/local/bin/wsinetd.  (The sanitizer
build meets SIGTERM and the journal protocol in tests/integ.)
"""

import sys
import time
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "integ"))     # helpers.py, pass_helpers.py
sys.path.insert(0, str(HERE.parent / "tls"))       # tlsutil.py
sys.path.insert(0, str(HERE))                      # nspawn.py, sdutil.py

import nspawn  # noqa: E402


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.xdist_group("systemd"))


@pytest.fixture(scope="session")
def machine():
    """The booted Container (nspawn.py)."""
    t0 = time.monotonic()
    lower = nspawn.rootfs()
    rootfs_s = time.monotonic() - t0
    c = nspawn.Container(lower)
    try:
        c.start()
        c.rootfs_seconds = rootfs_s
        print("\ntests/systemd: rootfs %.1f s, install + boot %.1f s (%s)" % (
            rootfs_s, time.monotonic() - t0 - rootfs_s, lower))
        yield c
    finally:
        c.stop()


@pytest.fixture
def units(machine):
    """units.edit(UNIT, TEXT) as `systemctl edit UNIT`; every unit edited
    is reverted, and every unit started is stopped, after the test."""
    u = Units(machine)
    yield u
    u.cleanup()


class Units:
    def __init__(self, machine):
        self.m = machine
        self.edited = []
        self.started = []

    def edit(self, unit, text):
        self.m.edit(unit, text)
        if unit not in self.edited:
            self.edited.append(unit)

    def start(self, unit):
        """`systemctl enable --now UNIT` (a socket)."""
        self.m.systemctl("enable", "--now", unit)
        self.started.append(unit)

    def cleanup(self):
        for unit in reversed(self.started):
            self.m.systemctl("disable", "--now", unit, check=False)
        for unit in self.edited:
            self.m.revert(unit)
        # Leftover instances of the templates would confuse the next test.
        self.m.systemctl("stop", "wsinetd*", check=False, timeout=30)
        self.m.systemctl("reset-failed", check=False)
