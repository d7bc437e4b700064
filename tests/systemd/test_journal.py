"""The journal under systemd 252, read back with journalctl inside the
container:

- an access entry carries every field the README lists, with the values
  of the connection, and the WSINETD_TLS_* fields empty on a plain one;
- _SYSTEMD_UNIT (and _SYSTEMD_CGROUP, _COMM) on every entry of a burst of
  100 connections, 30 at a time: before journal.c waited for journald to
  read each entry, 2 in 100 lost them (the process had exited before
  journald looked it up in /proc), so `journalctl -u` missed them.
"""

from concurrent.futures import ThreadPoolExecutor

from harness import free_port
from sdutil import (access_entries, close, echo, entry_for, exec_start, listen_on, open_ws,
                    plain_echo)

FIELDS = {
    "WSINETD_PEER", "WSINETD_PATH", "WSINETD_STATUS", "WSINETD_TARGET", "WSINETD_ROUTE",
    "WSINETD_IN_BYTES", "WSINETD_IN_MESSAGES", "WSINETD_OUT_BYTES",
    "WSINETD_OUT_MESSAGES", "WSINETD_DURATION_MS", "WSINETD_CLOSE_CODE",
    "WSINETD_USER", "WSINETD_RECORD",
}
TLS_FIELDS = {"WSINETD_TLS_PROTOCOL", "WSINETD_TLS_CIPHER", "WSINETD_TLS_SNI",
              "WSINETD_TLS_RESUMED", "WSINETD_TLS_CLIENT_DN", "WSINETD_TLS_KTLS"}
BURST, WIDE = 100, 30


def test_access_entry_fields(machine, units):
    port = plain_echo(units)
    since = machine.cursor()
    c = open_ws(port)
    peer = c.local
    echo(c, "twelve bytes")
    echo(c, "x")
    close(c)
    e = entry_for(machine, since, peer)
    assert FIELDS | TLS_FIELDS <= set(e), sorted(FIELDS | TLS_FIELDS - set(e))
    want = {"WSINETD_PEER": peer, "WSINETD_PATH": "/", "WSINETD_STATUS": "101",
            "WSINETD_TARGET": "echo", "WSINETD_ROUTE": "/", "WSINETD_IN_BYTES": "13",
            "WSINETD_IN_MESSAGES": "2", "WSINETD_OUT_BYTES": "13",
            "WSINETD_OUT_MESSAGES": "2", "WSINETD_CLOSE_CODE": "1000",
            "WSINETD_USER": "", "WSINETD_RECORD": "", "SYSLOG_IDENTIFIER": "wsinetd", "PRIORITY": "6", "_TRANSPORT": "journal",
            "_COMM": "wsinetd"}
    for k, v in want.items():
        assert e.get(k) == v, "%s=%r, wanted %r" % (k, e.get(k), v)
    for k in TLS_FIELDS:
        assert e[k] == "", "%s=%r on a plain connection" % (k, e[k])
    assert int(e["WSINETD_DURATION_MS"]) >= 0
    assert e["MESSAGE"].startswith('%s "GET /" 101 target=echo in=13/2 out=13/2 ' % peer)
    assert e["_SYSTEMD_UNIT"].startswith("wsinetd@") and e["_SYSTEMD_UNIT"].endswith(
        "-%s.service" % peer), e["_SYSTEMD_UNIT"]


def one(port, i):
    c = open_ws(port)
    peer = c.local
    echo(c, "burst %d" % i)
    close(c)
    return peer


def test_burst_keeps_every_unit(machine, units):
    # What is measured is the journal's attribution, not the shipped
    # per-source cap: an instance that has closed its client but not yet
    # exited (it waits for journald to read its last entry) still counts
    # against MaxConnectionsPerSource=32, and one burst in three runs met
    # the cap and had a connection closed unanswered.  So the cap is
    # raised here, and the burst stays 30 wide.
    port = free_port()
    units.edit("wsinetd.socket", listen_on(port, "MaxConnectionsPerSource=%d\n" % (4 * BURST)))
    units.edit("wsinetd@.service", exec_start("echo"))
    units.start("wsinetd.socket")
    since = machine.cursor()
    with ThreadPoolExecutor(WIDE) as ex:
        peers = list(ex.map(lambda i: one(port, i), range(BURST)))
    entries = access_entries(machine, since, BURST)
    assert sorted(e["WSINETD_PEER"] for e in entries) == sorted(peers)
    lost = [e["WSINETD_PEER"] for e in entries
            if not e.get("_SYSTEMD_UNIT", "").startswith("wsinetd@")
            or not e.get("_SYSTEMD_CGROUP") or e.get("_COMM") != "wsinetd"]
    assert not lost, "%d of %d entries lost their unit: %s" % (len(lost), BURST, lost)
    # And so `journalctl -u` finds every one of them.
    by_unit = [e for e in machine.journal("-u", "wsinetd@*", since=since)
               if "WSINETD_PEER" in e]
    assert len(by_unit) == BURST, len(by_unit)
