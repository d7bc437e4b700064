"""The pre-forked resident parent: by default 4 children wait in accept()
(--prefork 0: none, one forked per connection); each connection is served
by a process of its own that exits after it, and the parent forks a
replacement, so 4 wait again.  GnuTLS is mapped in the parent (and so in
its children) only when TLS can happen: not for a plain server
(test_listen_tls_preloaded.py has the TLS side)."""

import re

import pytest

from harness import children, wait_for
from helpers import echo_session, waiting_in_accept


def idle(parent):
    return [p for p in children(parent) if waiting_in_accept(p)]


def mapped(pid, name):
    return name in open("/proc/%d/maps" % pid).read()


@pytest.mark.parametrize("args,n", [((), 4), (("--prefork", "0"), 0), (("--prefork", "7"), 7)])
def test_listen_prefork(wsinetd, args, n):
    srv = wsinetd.listen(*args, "echo")
    parent = srv.proc.pid
    wait_for(lambda: len(children(parent)) == n and len(idle(parent)) == n,
             what="%d idle children" % n)
    before = set(children(parent))
    for i in range(n + 2):
        echo_session(srv.url, [("text", "message %d" % i)])
    wait_for(lambda: srv.log().count('"GET /" 101') == n + 2, what="access lines")
    served = re.findall(r'wsinetd\[(\d+)\]: \S+Z \S+ "GET /" 101', srv.log())
    assert len(set(served)) == n + 2, "a process served two connections"
    assert parent not in map(int, served)
    wait_for(lambda: len(children(parent)) == n and len(idle(parent)) == n,
             what="%d idle children again" % n)
    assert not set(children(parent)) & set(map(int, served))
    assert before <= set(map(int, served)) | set(children(parent))
    assert not mapped(parent, "libgnutls")

