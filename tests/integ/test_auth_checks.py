"""--auth-checks: under a resident parent at most N password checks run at
once.  Each yescrypt check maps 16 MiB while it runs, so before this a
client with no valid credentials could pin about 10 MiB per connection,
~5 GiB at the default --max-connections (found by a black-box attack).

The slots are POSIX record locks on a memfd the parent makes; this test
takes the only slot itself (through /proc, as another process of the same
inode) to show a check waits for it, then gets 503 at the handshake
timeout with a line saying what to raise; and with the slot free again the
same request is checked as usual.  A second case sends 16 wrong passwords
at once with --auth-checks 2 and samples the handlers' memory: never more
than two in the middle of a hash."""

import fcntl
import os
import select
import time

import pytest

from auth_helpers import basic, users_file
from harness import wait_for
from helpers import RawClient, expect_accept, handlers, upgrade_request, wait_log_line


def ready(c):
    """Has the server answered c (bytes to read)?"""
    return bool(select.select([c.sock], [], [], 0)[0])


def slots_fd(parent):
    for fd in os.listdir("/proc/%d/fd" % parent):
        try:
            if "memfd:wsinetd-auth-checks" in os.readlink("/proc/%d/fd/%s" % (parent, fd)):
                return "/proc/%d/fd/%s" % (parent, fd)
        except OSError:
            pass
    raise AssertionError("no wsinetd-auth-checks memfd in the parent")


def attempt(srv, password):
    c = RawClient.connect(srv.host, srv.port, timeout=20)
    r = c.handshake(path="/", extra=[basic("alice", password)])
    c.close()
    return r


def test_auth_checks_wait_then_503(wsinetd):
    users = users_file(wsinetd, {"alice": "correct horse"})
    srv = wsinetd.listen("--auth-file", users, "--auth-checks", "1",
                         "--handshake-timeout", "1", "echo")
    with open(slots_fd(srv.proc.pid), "rb+") as f:
        fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, 0)    # slot 0: ours
        t0 = time.monotonic()
        r = attempt(srv, "correct horse")
        waited = time.monotonic() - t0
        assert r.status == 503, r
        assert 0.9 <= waited < 5, waited
        wait_log_line(srv, "all 1 password checks (--auth-checks) stayed busy for 1 s",
                      "answered 503")
        fcntl.lockf(f, fcntl.LOCK_UN, 1, 0)
    expect_accept(attempt(srv, "correct horse"))
    assert attempt(srv, "wrong horse").status == 401


def big_handlers(parent, kib=8 * 1024):
    """How many of parent's handlers have over kib resident: in the middle
    of a yescrypt hash (16 MiB); one waiting or done has about 3 MiB."""
    n = 0
    for pid in handlers(parent):
        try:
            for ln in open("/proc/%d/status" % pid):
                if ln.startswith("VmRSS:") and int(ln.split()[1]) > kib:
                    n += 1
        except OSError:
            pass
    return n


def test_auth_checks_bound_memory(wsinetd):
    """16 connections open, then 16 wrong passwords sent at once: without
    the bound all 16 handlers were seen over 8 MiB at once."""
    if wsinetd.variant == "asan":
        pytest.skip("ASan's shadow memory puts every handler over the mark; "
                    "the bound itself is test_auth_checks_wait_then_503's")
    users = users_file(wsinetd, {"alice": "correct horse"})
    srv = wsinetd.listen("--auth-file", users, "--auth-checks", "2", "--prefork", "16",
                         "--max-connections", "32", "echo")
    parent = srv.proc.pid
    cs = [RawClient.connect(srv.host, srv.port, timeout=30) for _ in range(16)]
    wait_for(lambda: len(handlers(parent)) == 16, what="16 handlers with a connection")
    req = upgrade_request(extra=[basic("alice", "wrong horse")])
    for c in cs:
        c.send(req)
    peak, end = 0, time.monotonic() + 30
    while time.monotonic() < end and not all(ready(c) for c in cs):
        peak = max(peak, big_handlers(parent))
    assert [c.read_response().status for c in cs] == [401] * 16
    assert 1 <= peak <= 2, "handlers in a hash at once: %d (--auth-checks 2)" % peak
