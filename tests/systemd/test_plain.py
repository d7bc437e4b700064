"""wsinetd.socket + wsinetd@.service as installed by `make install`, booted
under systemd 252, set up as the README says (`systemctl edit` for the
port and the target, `systemctl enable --now wsinetd.socket`):

- a WebSocket echo from the host through the socket;
- one wsinetd@ instance per connection while it is open (three at once),
  each with the connection's addresses in its name, and none left after;
- a TLS ClientHello to this plain port is closed, and the journal says so;
- the instance's process: a dynamic user (uid 61184-65519), no
  capabilities, NoNewPrivs 1, Seccomp 2 (a filter), read from its
  /proc/PID/status inside the container;
- `systemd-analyze security` of a running instance: at most 0.9.
"""

import re
import socket

from sdutil import close, echo, echo_once, open_ws, plain_echo, wait_message, wait_units
from tlsutil import client_hello


def test_plain_socket_echo_and_instances(machine, units):
    port = plain_echo(units)
    assert machine.show("wsinetd.socket", "ActiveState")["ActiveState"] == "active"
    echo_once(port, "hello through systemd")

    conns = [open_ws(port) for _ in range(3)]
    names = wait_units(machine, "wsinetd@*.service", 3)
    for c in conns:
        # wsinetd@N-127.0.0.1:PORT-127.0.0.1:CLIENTPORT.service
        assert any(n.endswith("-127.0.0.1:%d-%s.service" % (port, c.local)) for n in names), \
            (c.local, names)
        echo(c, "still here")
    for c in conns:
        close(c)
    wait_units(machine, "wsinetd@*.service", 0)
    listed = machine.units("wsinetd@*")
    assert listed == [], "instances left after their connections: %r" % listed


def test_plain_port_refuses_client_hello(machine, units):
    port = plain_echo(units)
    since = machine.cursor()
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    peer = "%s:%d" % s.getsockname()
    s.sendall(client_hello())
    s.settimeout(10)
    assert s.recv(100) == b"", "the plain port answered a ClientHello"
    s.close()
    wait_message(machine, since, "%s: TLS ClientHello on a plain port: closed" % peer)


def proc_status(machine, pid):
    text = machine.run("cat", "/proc/%d/status" % pid).stdout
    return dict((k, v.strip()) for k, v in
                (ln.split(":", 1) for ln in text.splitlines() if ":" in ln))


def test_instance_sandbox_and_live_score(machine, units):
    port = plain_echo(units)
    c = open_ws(port)
    [name] = wait_units(machine, "wsinetd@*.service", 1)
    show = machine.show(name, "MainPID", "DynamicUser", "User", "NoNewPrivileges")
    pid = int(show["MainPID"])
    st = proc_status(machine, pid)
    uid = int(st["Uid"].split()[0])
    assert 61184 <= uid <= 65519, "not a dynamic uid: %s" % st["Uid"]
    assert set(st["Uid"].split()) == {str(uid)}, st["Uid"]
    for cap in ("CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb"):
        assert int(st[cap], 16) == 0, "%s %s" % (cap, st[cap])
    assert st["NoNewPrivs"] == "1", st["NoNewPrivs"]
    assert st["Seccomp"] == "2", st["Seccomp"]
    user = machine.run("getent", "passwd", str(uid)).stdout
    assert user.startswith("wsinetd:"), user
    r = machine.run("systemd-analyze", "security", name, check=False)
    m = re.search(r"Overall exposure level for (\S+): (\d+\.\d+)", r.stdout + r.stderr)
    assert m and m.group(1) == name, r.stdout + r.stderr
    assert float(m.group(2)) <= 0.9, r.stdout
    echo(c, "sandboxed")
    close(c)
    wait_units(machine, "wsinetd@*.service", 0)
