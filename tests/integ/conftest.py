"""Fixtures for tests/integ: backends and xinetd that are torn down with the
test, and a second sanitizer check on the launchers' logs."""

import pytest

from helpers import Backend, Haproxy, Xinetd

# What ASan/LSan/UBSan print when their report goes to stderr instead of
# log_path.  systemd-socket-activate starts its child with only PATH and
# LISTEN_* in the environment (no -E given), so under it ASAN_OPTIONS never
# arrives and a handler's report lands in the server log, not in sandir.
SANITIZER_MARKS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer",
                   "runtime error:", "SUMMARY: UndefinedBehaviorSanitizer")


@pytest.fixture(autouse=True)
def sanitizer_output_in_logs(request):
    """Fail a test whose wsinetd printed a sanitizer report into a launcher log."""
    yield
    w = request.node.funcargs.get("wsinetd")
    if w is None:
        return
    for s in w.servers:
        log = s.log()
        hits = [m for m in SANITIZER_MARKS if m in log]
        assert not hits, "sanitizer report in %s:\n%s" % (s.logpath, log[-4000:])


@pytest.fixture
def backend(tmp_path):
    """backend(handler, kind="tcp"|"unix"|"abstract") -> a running Backend."""
    made = []

    def make(handler, kind="tcp", **kw):
        if kind == "unix" and "path" not in kw:
            kw["path"] = tmp_path / ("backend%d.sock" % len(made))
        b = Backend(handler, kind=kind, **kw)
        made.append(b)
        return b

    yield make
    for b in made:
        b.close()


@pytest.fixture
def xinetd():
    """xinetd(wsinetd, server_args, port) -> a running Xinetd, killed afterwards."""
    made = []

    def make(w, server_args, port):
        x = Xinetd(w, server_args, port)
        made.append(x)
        return x

    yield make
    for x in made:
        x.stop()


@pytest.fixture
def haproxy(tmp_path):
    """haproxy(server=(host, port), send="send-proxy-v2") -> a running Haproxy."""
    made = []

    def make(server, send="send-proxy-v2"):
        h = Haproxy(tmp_path, server, send)
        made.append(h)
        return h

    yield make
    for h in made:
        h.stop()
