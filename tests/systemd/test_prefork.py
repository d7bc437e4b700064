"""The Accept=no units, wsinetd-prefork.socket and wsinetd-prefork.service
(the resident parent with pre-forked children), as shipped but for the
target (echo) and the port, under systemd 252:

- Type=notify: the service is active only after READY=1, and `systemctl
  status` shows the parent's STATUS= line, which counts what it served;
- WatchdogSec= (2 s in a drop-in here): the parent's WATCHDOG=1 keeps it
  alive past several periods, and its watchdog timestamp moves;
- an echo, and a 100-connection burst, 30 at a time, whose access
  entries all carry _SYSTEMD_UNIT=wsinetd-prefork.service (before
  journal.c waited for journald, 25 to 61 in 100 lost it: a child exits
  right after its entry);
- every process of the service while it serves a connection (the main
  process that relays sd_notify, the resident parent, its children) runs
  as the dynamic user, without capabilities, NoNewPrivs 1, Seccomp 2, and
  the live score is <= 1.0;
- `systemctl stop wsinetd-prefork.service` with a WebSocket open: Close
  1001 to the client, the access entry written, the unit inactive (not
  failed) inside TimeoutStopSec.
"""

import re
import time
from concurrent.futures import ThreadPoolExecutor

from harness import free_port, wait_for
from sdutil import (access_entries, echo, echo_once, expect_going_away, listen_on, messages,
                    open_ws, wait_message)
from test_plain import proc_status

SERVICE = "wsinetd-prefork.service"
SOCKET = "wsinetd-prefork.socket"


def shipped_start():
    text = (__import__("harness").ROOT / "units" / SERVICE).read_text()
    [line] = re.findall(r"^ExecStart=(.*)$", text, re.M)
    return line


def prefork_echo(units, extra=""):
    """The shipped ExecStart= with the target replaced by echo."""
    start = shipped_start()
    assert start.endswith(" tcp:127.0.0.1:5900"), start
    units.edit(SERVICE, "[Service]\nExecStart=\nExecStart=%s echo\n%s" % (
        start[:-len(" tcp:127.0.0.1:5900")], extra))
    port = free_port()
    units.edit(SOCKET, listen_on(port))
    units.start(SOCKET)
    return port


def show(machine):
    return machine.show(SERVICE, "ActiveState", "SubState", "Type", "StatusText",
                        "MainPID", "WatchdogTimestampMonotonic", "NRestarts", "Result")


def test_prefork_notify_status_and_burst(machine, units):
    port = prefork_echo(units)
    since = machine.cursor()
    echo_once(port, "first: socket activation starts the parent")
    # READY=1 reaches systemd a moment after the children accept.
    wait_for(lambda: show(machine)["ActiveState"] != "activating", 10, "READY=1")
    s = show(machine)
    assert (s["Type"], s["ActiveState"], s["SubState"]) == ("notify", "active", "running"), s
    assert re.search(r"\d", s["StatusText"]), "no STATUS= line: %r" % s
    before = s["StatusText"]
    with ThreadPoolExecutor(30) as ex:
        peers = list(ex.map(lambda i: echo_once(port, "burst %d" % i), range(100)))
    entries = access_entries(machine, since, 101)
    mine = [e for e in entries if e["WSINETD_PEER"] in peers]
    assert len(mine) == 100, len(mine)
    lost = [e["WSINETD_PEER"] for e in mine if e.get("_SYSTEMD_UNIT") != SERVICE]
    assert not lost, "%d of 100 entries lost their unit: %s" % (len(lost), lost)
    wait_for(lambda: show(machine)["StatusText"] != before, 5, "STATUS= to count the burst")
    status = machine.systemctl("status", SERVICE, "--no-pager", check=False).stdout
    assert "Status: \"%s" % show(machine)["StatusText"][:20] in status, status
    print("systemctl status:\n" + status)


def test_prefork_watchdog(machine, units):
    port = prefork_echo(units, "WatchdogSec=2s\n")
    echo_once(port)
    pid = show(machine)["MainPID"]
    t0 = int(show(machine)["WatchdogTimestampMonotonic"])
    time.sleep(5)           # more than two periods; a parent without pings is killed
    s = show(machine)
    assert s["MainPID"] == pid and s["NRestarts"] == "0", s
    assert s["ActiveState"] == "active", s
    assert int(s["WatchdogTimestampMonotonic"]) > t0, "no WATCHDOG=1 in 5 s: %r" % s
    echo_once(port, "still serving")


def test_prefork_child_sandbox_and_stop(machine, units):
    port = prefork_echo(units)
    since = machine.cursor()
    c = open_ws(port)
    peer = c.local
    echo(c, "busy")
    procs = machine.run("cat", "/sys/fs/cgroup/system.slice/%s/cgroup.procs" % SERVICE)
    # (cgroup.procs lists a pid that this pid namespace cannot name as 0)
    pids = [int(p) for p in procs.stdout.split() if p != "0"]
    assert len(pids) >= 3, "relay, parent and a child expected: %r" % pids
    for pid in pids:
        st = proc_status(machine, pid)
        uid = int(st["Uid"].split()[0])
        assert 61184 <= uid <= 65519, (pid, st["Uid"])
        assert int(st["CapEff"], 16) == 0 and int(st["CapBnd"], 16) == 0, (pid, st)
        assert st["NoNewPrivs"] == "1" and st["Seccomp"] == "2", (pid, st)
    r = machine.run("systemd-analyze", "security", SERVICE, check=False)
    m = re.search(r"Overall exposure level for \S+: (\d+\.\d+)", r.stdout)
    assert m and float(m.group(1)) <= 1.0, r.stdout + r.stderr
    t = time.monotonic()
    machine.systemctl("stop", "--no-block", SERVICE)
    expect_going_away(c)
    wait_for(lambda: show(machine)["ActiveState"] == "inactive", 12, "the service to stop")
    took = time.monotonic() - t
    assert took < 10, took
    s = show(machine)
    assert s["Result"] == "success", s
    e = [x for x in access_entries(machine, since, 1) if x["WSINETD_PEER"] == peer]
    assert e and e[0]["WSINETD_CLOSE_CODE"] == "1001", e
    wait_message(machine, since, "%s: SIGTERM, closing with 1001" % peer)
    # Nothing was left for systemd's final SIGKILL to the cgroup.
    assert not [m for m in messages(machine, since) if "Failed to kill" in m]
