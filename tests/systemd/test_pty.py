"""--pty under the shipped wsinetd@.service (DynamicUser=, PrivateDevices=,
its SystemCallFilter=), booted under systemd 252: the per-connection
process opens a pseudo-terminal in the unit's private /dev, the shell runs
on it (`tty` names /dev/pts/N), a resize message sets its size (`stty
size`), `exit` ends the session with Close 1000, and the instance is gone
afterwards.  The access entry carries WSINETD_RECORD, empty without
--record, like every other field."""

import struct
import time

from helpers import OP_BIN, OP_CLOSE, OP_TEXT, frame
from sdutil import access_entries, exec_start, open_ws, socket_on_free_port, wait_units


def read_until(c, text, timeout=15):
    got, end = b"", time.monotonic() + timeout
    while text not in got:
        assert time.monotonic() < end, "no %r in %r" % (text, got)
        op, payload = c.read_message()
        assert op == OP_BIN, (op, payload, got)
        got += payload
    return got


def test_pty_under_the_unit(machine, units):
    port = socket_on_free_port(units, "wsinetd.socket")
    units.edit("wsinetd@.service", exec_start("--pty exec:/bin/sh"))
    units.start("wsinetd.socket")
    since = machine.cursor()
    c = open_ws(port)
    c.send(frame(OP_TEXT, '{"cols":100,"rows":30}'))
    c.send(frame(OP_BIN, b"tty; stty size; echo done-$((6*7))\n"))
    out = read_until(c, b"done-42")
    assert b"/dev/pts/" in out, out
    assert b"30 100" in out, out
    c.send(frame(OP_BIN, b"exit\n"))
    while True:
        op, payload = c.read_message()
        if op == OP_CLOSE:
            break
    assert struct.unpack("!H", payload[:2])[0] == 1000, payload
    c.close()
    wait_units(machine, "wsinetd@*.service", 0)
    (e,) = access_entries(machine, since, 1)
    assert e["WSINETD_STATUS"] == "101" and e["WSINETD_CLOSE_CODE"] == "1000", e
    assert e["WSINETD_TARGET"] == "exec:/bin/sh", e
    assert "WSINETD_RECORD" in e and e["WSINETD_RECORD"] == "", e
