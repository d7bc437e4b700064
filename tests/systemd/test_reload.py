"""Changing the configuration, and restarting the socket, while
WebSockets are live: they continue on the configuration they started
with, and new connections get the new one.  (With nginx, Caddy, HAProxy
and Traefik a reload or restart ends live WebSockets, or leaves them on
old workers until a timeout kills them; here each connection is its own
process that never re-reads its configuration.)

Two tagged backends on the host's loopback: A says "A" first, B says "B".
"""

import pytest

from helpers import OP_BIN, Backend, frame, tag_handler
from sdutil import close, exec_start, open_ws, socket_on_free_port, wait_units


@pytest.fixture
def tagged():
    made = []

    def make(tag):
        b = Backend(tag_handler)
        b.tag = tag
        made.append(b)
        return b
    yield make
    for b in made:
        b.close()


def first_tag(c):
    op, tag = c.read_message()
    assert op == OP_BIN, (op, tag)
    return tag


def test_change_and_restart_keep_live_connections(machine, units, tagged):
    a, b = tagged(b"A"), tagged(b"B")
    port = socket_on_free_port(units, "wsinetd.socket")
    units.edit("wsinetd@.service", exec_start(a.target))
    units.start("wsinetd.socket")
    old = open_ws(port)
    assert first_tag(old) == b"A"
    # The README's steps: systemctl edit (it reloads systemd), and a
    # restart of the socket for good measure.
    units.edit("wsinetd@.service", exec_start(b.target))
    machine.systemctl("restart", "wsinetd.socket")
    new = open_ws(port)
    assert first_tag(new) == b"B"
    echo_bin(old, b"old connection, old backend")
    echo_bin(new, b"new connection, new backend")
    assert len(wait_units(machine, "wsinetd@*.service", 2)) == 2
    close(old)
    close(new)
    wait_units(machine, "wsinetd@*.service", 0)


def echo_bin(c, data):
    c.send(frame(OP_BIN, data))
    assert c.read_message() == (OP_BIN, data)
