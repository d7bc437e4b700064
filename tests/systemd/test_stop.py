"""Stopping things under systemd 252, seen from the client and from
systemctl/journalctl:

- `systemctl stop` of a busy wsinetd@ instance: the client gets Close
  1001 "server shutting down" (not a dropped TCP connection, 1006), can
  still answer it, the access entry says close=1001, and the unit ends
  inactive (not failed) well inside TimeoutStopSec=5s;
- `systemctl stop wsinetd.socket` with connections open: they carry on,
  a new connection is refused, and `systemctl start wsinetd.socket` takes
  new ones again.
"""

import socket
import time

import pytest

from sdutil import (access_entries, close, echo, expect_going_away, open_ws, plain_echo,
                    wait_message, wait_units)


def test_stop_busy_instance(machine, units):
    port = plain_echo(units)
    since = machine.cursor()
    c = open_ws(port)
    peer = c.local
    echo(c, "busy")
    [name] = wait_units(machine, "wsinetd@*.service", 1)
    t0 = time.monotonic()
    machine.systemctl("stop", "--no-block", name)
    expect_going_away(c)
    wait_units(machine, "wsinetd@*.service", 0)
    took = time.monotonic() - t0
    assert took < 3, "the instance took %.1f s to stop" % took
    [e] = access_entries(machine, since, 1)
    assert e["WSINETD_PEER"] == peer and e["WSINETD_CLOSE_CODE"] == "1001", e["MESSAGE"]
    assert e["_SYSTEMD_UNIT"] == name
    wait_message(machine, since, "%s: SIGTERM, closing with 1001" % peer)
    # It stopped cleanly: exit 0, nothing failed.
    failed = machine.systemctl("list-units", "--failed", "--no-legend", "--plain").stdout
    assert name not in failed, failed
    done = machine.journal("_PID=1", "UNIT=" + name, since=since)
    assert any("Deactivated successfully" in x.get("MESSAGE", "") for x in done), \
        [x.get("MESSAGE") for x in done]


def test_stop_socket_with_live_connections(machine, units):
    port = plain_echo(units)
    live = [open_ws(port) for _ in range(2)]
    wait_units(machine, "wsinetd@*.service", 2)
    machine.systemctl("stop", "wsinetd.socket")
    assert machine.show("wsinetd.socket", "ActiveState")["ActiveState"] == "inactive"
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=5)
    for c in live:
        echo(c, "still relayed after the socket stopped")
    assert len(wait_units(machine, "wsinetd@*.service", 2)) == 2
    machine.systemctl("start", "wsinetd.socket")
    fresh = open_ws(port)
    echo(fresh, "after the restart")
    for c in live + [fresh]:
        close(c)
    wait_units(machine, "wsinetd@*.service", 0)
