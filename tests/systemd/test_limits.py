"""The socket's and the service's limits, enforced by systemd 252:

- MaxConnectionsPerSource=2: with two connections from 127.0.0.1 open, a
  third is accepted and closed at once by systemd (the client reads EOF,
  no HTTP response), the journal says why, and once one of the two ends a
  new connection works again;
- IPAddressDeny=any with IPAddressAllow=127.0.0.1 (nspawn runs with
  --system-call-filter=bpf so the BPF filter can be attached) and a
  backend on 127.0.0.2, outside the allowed set: the filter drops the
  SYN, which TCP then retries, so wsinetd's connect neither succeeds nor
  fails; the client gets 504 when --handshake-timeout (here 2 s, default
  10) runs out, the journal says "no connection within the handshake
  timeout", and the backend never sees a connection.  The same backend
  is reached once 127.0.0.2 is allowed, so the silence is the filter's.

MemoryMax= and TasksMax= are not tested: this host binds the cgroup
controllers to v1 hierarchies, so inside the container they are accepted
but not enforced.
"""

import time

from harness import free_port
from helpers import OP_BIN, OP_TEXT, Backend, RawClient, echo_handler, frame, upgrade_request
from sdutil import (close, echo, echo_once, exec_start, listen_on, open_ws, wait_message,
                    wait_units)


def through_backend(port, data):
    """A tcp: echo backend answers each message as binary."""
    c = open_ws(port)
    c.send(frame(OP_TEXT, data))
    assert c.read_message() == (OP_BIN, data.encode())
    close(c)
    return True


def test_max_connections_per_source(machine, units):
    port = free_port()
    units.edit("wsinetd.socket", listen_on(port, "MaxConnectionsPerSource=2\n"))
    units.edit("wsinetd@.service", exec_start("echo"))
    units.start("wsinetd.socket")
    since = machine.cursor()
    two = [open_ws(port) for _ in range(2)]
    wait_units(machine, "wsinetd@*.service", 2)
    third = RawClient.connect("127.0.0.1", port)
    third.send(upgrade_request(host="127.0.0.1:%d" % port))
    assert third.read_to_eof() == b"", "the third connection got an answer"
    third.close()
    wait_message(machine, since, "Too many incoming connections (3) from source 127.0.0.1, dropping connection",
                 "-u", "wsinetd.socket")
    assert len(wait_units(machine, "wsinetd@*.service", 2)) == 2
    close(two.pop())
    wait_units(machine, "wsinetd@*.service", 1)
    echo_once(port, "a slot is free again")
    echo(two[0], "the first one never noticed")
    close(two[0])


def test_ip_address_deny(machine, units):
    b = Backend(echo_handler, host="127.0.0.2")
    try:
        port = free_port()
        units.edit("wsinetd.socket", listen_on(port))
        allow_only = "IPAddressAllow=\nIPAddressAllow=127.0.0.1\n"
        units.edit("wsinetd@.service", exec_start("--handshake-timeout 2 " + b.target,
                                                  allow_only))
        units.start("wsinetd.socket")
        since = machine.cursor()
        c = RawClient.connect("127.0.0.1", port)
        peer = c.local
        t0 = time.monotonic()
        r = c.handshake(host="127.0.0.1:%d" % port)
        took = time.monotonic() - t0
        assert r.status == 504, r
        assert 1.5 < took < 4, "504 after %.2f s with --handshake-timeout 2" % took
        c.read_to_eof()
        c.close()
        line = wait_message(machine, since, "%s: backend %s: no connection within the "
                            "handshake timeout, answered 504" % (peer, b.target))
        print("IPAddressDeny: 504 after %.3f s: %s" % (took, line))
        assert not b.conns, "the backend was reached despite IPAddressDeny="
        # With 127.0.0.2 allowed the same backend answers: the filter it was.
        units.edit("wsinetd@.service", exec_start(b.target, allow_only +
                                                  "IPAddressAllow=127.0.0.2\n"))
        through_backend(port, "allowed now")
        assert b.conns
    finally:
        b.close()
