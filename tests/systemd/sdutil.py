"""What the tests in tests/systemd share: the drop-ins they write with
`systemctl edit`, a WebSocket echo from the host to a socket in the
container, and bounded waits on the container's units and journal."""

import struct
import time

from harness import free_port, wait_for
from helpers import OP_CLOSE, OP_TEXT, RawClient, close_frame, expect_accept, frame

BIN = "/usr/local/bin/wsinetd"


def listen_on(port, extra=""):
    """A socket drop-in: clear the shipped ListenStream=, listen on
    127.0.0.1:port (the container shares the host's network)."""
    return "[Socket]\nListenStream=\nListenStream=127.0.0.1:%d\n%s" % (port, extra)


def exec_start(args, extra=""):
    """A service drop-in: clear the shipped ExecStart=, run wsinetd args."""
    return "[Service]\nExecStart=\nExecStart=%s %s\n%s" % (BIN, args, extra)


def socket_on_free_port(units, socket):
    port = free_port()
    units.edit(socket, listen_on(port))
    return port


def plain_echo(units):
    """wsinetd.socket on a free port, wsinetd@.service relaying to echo,
    enabled: the port."""
    port = socket_on_free_port(units, "wsinetd.socket")
    units.edit("wsinetd@.service", exec_start("echo"))
    units.start("wsinetd.socket")
    return port


def expect_going_away(c):
    """What a client sees when its handler is stopped: Close 1001 "server
    shutting down"; it answers, then the server's FIN."""
    op, payload = c.read_message()
    assert (op, payload) == (OP_CLOSE, struct.pack("!H", 1001) + b"server shutting down")
    c.send(close_frame(1001))
    assert c.read_to_eof() == b""
    c.close()


def open_ws(port, timeout=10):
    c = RawClient.connect("127.0.0.1", port, timeout=timeout)
    expect_accept(c.handshake(host="127.0.0.1:%d" % port))
    return c


def echo(c, text):
    c.send(frame(OP_TEXT, text))
    assert c.read_message() == (OP_TEXT, text.encode())


def close(c, code=1000):
    c.send(close_frame(code))
    assert c.read_message()[0] == OP_CLOSE
    assert c.read_to_eof() == b""
    c.close()


def echo_once(port, text="hello"):
    """One WebSocket: upgrade, one echo, Close 1000.  Returns our ip:port,
    the peer wsinetd names in its access line."""
    c = open_ws(port)
    peer = c.local
    echo(c, text)
    close(c)
    return peer


def access_entries(machine, since, n, timeout=30, unit_field=None):
    """Wait for n access entries (WSINETD_PEER set) after cursor since;
    returns them."""
    got = []

    def enough():
        got[:] = [e for e in machine.journal(since=since) if "WSINETD_PEER" in e]
        return len(got) >= n
    wait_for(enough, timeout, "%d access entries in the journal" % n)
    return got


def entry_for(machine, since, peer, timeout=15):
    """The access entry of the connection from peer."""
    found = []

    def look():
        found[:] = [e for e in machine.journal("WSINETD_PEER=" + peer, since=since)]
        return found
    wait_for(look, timeout, "an access entry for %s" % peer)
    assert len(found) == 1, found
    return found[0]


def messages(machine, since, *match):
    return [e.get("MESSAGE", "") for e in machine.journal(*match, since=since)]


def wait_message(machine, since, text, *match, timeout=15):
    """The first journal MESSAGE after since that contains text."""
    hit = []

    def look():
        hit[:] = [m for m in messages(machine, since, *match) if text in m]
        return hit
    wait_for(look, timeout, "journal message %r" % text)
    return hit[0]


def running(machine, pattern):
    """Names of the units matching pattern that are active now."""
    out = machine.systemctl("list-units", "--no-legend", "--plain", "--state=active",
                            pattern).stdout
    return [ln.split()[0] for ln in out.splitlines() if ln.strip()]


def wait_units(machine, pattern, n, timeout=15):
    """Wait until exactly n units match pattern and are active."""
    got = []

    def check():
        got[:] = running(machine, pattern)
        return len(got) == n
    wait_for(check, timeout, "%d active %s (have %r)" % (n, pattern, got))
    return list(got)


def timed(f, *args):
    t = time.monotonic()
    r = f(*args)
    return r, time.monotonic() - t
