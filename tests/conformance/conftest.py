"""Fixtures for the RFC 6455 conformance tests.

They build on the `wsinetd` fixture of tests/conftest.py (so every test
runs once per build variant and is checked for sanitizer reports):

  start        start(*args) -> Server: wsinetd ARGS under
               systemd-socket-activate --accept
  echo_server  start("echo")
  ws           a WSClient connected to echo_server, handshake done
  connect      connect() -> a further WSClient to echo_server

Every server log is also scanned for sanitizer output when the test ends
(a second net under the sanitizer-report directory the `wsinetd` fixture
checks), after waiting for the per-connection handlers to exit.
"""

import os
import sys
import time

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from wsclient import open_ws  # noqa: E402

SANITIZER_MARKERS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:",
                     "SUMMARY: AddressSanitizer", "SUMMARY: UndefinedBehaviorSanitizer")


def live_children(pid):
    """Children of pid that have not exited yet (zombies count as exited)."""
    out = []
    try:
        for tid in os.listdir("/proc/%d/task" % pid):
            with open("/proc/%d/task/%s/children" % (pid, tid)) as f:
                out += [int(c) for c in f.read().split()]
    except (FileNotFoundError, ProcessLookupError):
        return []
    live = []
    for c in out:
        try:
            with open("/proc/%d/stat" % c) as f:
                state = f.read().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError, IndexError):
            continue
        if state not in ("Z", "X"):
            live.append(c)
    return live


def wait_for_handlers(pid, timeout=2.0):
    end = time.monotonic() + timeout
    while live_children(pid) and time.monotonic() < end:
        time.sleep(0.005)


@pytest.fixture
def start(wsinetd):
    started = []

    def _start(*args):
        srv = wsinetd.socket_activate(*args)
        started.append(srv)
        return srv

    yield _start
    # Handlers exit once their connection is closed; let them finish (so
    # exit-time reports such as leaks are written) before the `wsinetd`
    # fixture stops the launcher, then scan the logs.
    for srv in started:
        wait_for_handlers(srv.proc.pid)
    for srv in started:
        log = srv.log()
        for marker in SANITIZER_MARKERS:
            assert marker not in log, "sanitizer output in the wsinetd log:\n" + log[-4000:]


@pytest.fixture
def echo_server(start):
    return start("echo")


@pytest.fixture
def ws(echo_server):
    c = open_ws(echo_server)
    yield c
    c.close()


@pytest.fixture
def connect(echo_server):
    """connect() -> one more WSClient to the same echo server."""
    opened = []

    def _connect():
        c = open_ws(echo_server)
        opened.append(c)
        return c

    yield _connect
    for c in opened:
        c.close()
