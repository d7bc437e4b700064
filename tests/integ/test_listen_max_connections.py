"""--max-connections under the resident parent, pre-forked or forking per
connection: with a cap of 2, connections 3-5 are taken by the kernel (the
TCP connect succeeds) but get no answer while two handlers live; each time
one ends, the next waiting one is upgraded, in order.  One log line says
the cap was reached, however many wait or how often it is reached again."""

import socket

import pytest

from harness import wait_for

from helpers import (RawClient, close_frame, expect_accept,
                     open_ws, upgrade_request)

CAP_LINE = "--max-connections 2: new ones wait in the listen backlog"


def no_answer(c, seconds=1.0):
    """Nothing arrives on c within seconds (the request waits in the backlog)."""
    c.sock.settimeout(seconds)
    try:
        data = c.sock.recv(1)
    except socket.timeout:
        return True
    finally:
        c.sock.settimeout(10)
    raise AssertionError("answered while at the cap: %r" % data)


def end(c):
    """Close a live echo connection from the client side."""
    c.send(close_frame(1000))
    assert c.read_until_close()[1] == 1000
    c.read_to_eof()
    c.close()


@pytest.mark.parametrize("prefork", ["0", "3"])
def test_listen_max_connections(wsinetd, prefork):
    srv = wsinetd.listen("--prefork", prefork, "--max-connections", "2", "echo")
    live = [open_ws(srv), open_ws(srv)]
    waiting = []
    for _ in range(3):
        c = RawClient.connect(srv.host, srv.port)   # the kernel accepts
        c.send(upgrade_request())
        waiting.append(c)
    for c in waiting:
        assert no_answer(c)
    srv.wait_log(CAP_LINE)
    for served in range(3):
        end(live.pop(0))
        c = waiting.pop(0)
        expect_accept(c.read_response())
        live.append(c)
        for w in waiting:
            assert no_answer(w, 0.3)
    for c in live:
        end(c)
    wait_for(lambda: srv.log().count(" 101 ") == 5, what="5 access lines")
    assert srv.log().count(CAP_LINE) == 1, srv.log()
