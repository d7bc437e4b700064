"""Fixtures for tests/integ: backends, xinetd and HAProxy that are torn
down with the test.  (The sanitizer checks are the `wsinetd` fixture's, in
tests/conftest.py.)"""

import pytest

from cluster import Cluster
from helpers import Backend, Haproxy, Xinetd


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

    def make(w, server_args, port, **kw):
        x = Xinetd(w, server_args, port, **kw)
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


@pytest.fixture
def cluster(wsinetd, tmp_path):
    """Three wsinetd hosts (network namespaces) behind HAProxy running
    units/haproxy/wsinetd.cfg: see cluster.py.  Torn down, namespaces and
    links included, whatever the test did."""
    c = Cluster(wsinetd, tmp_path)
    yield c
    c.close()
