"""Accept=no under a service manager that listens on $NOTIFY_SOCKET (here
systemd-socket-activate without --accept, which starts wsinetd on the
first connection, and a datagram socket the test reads with SO_PASSCRED):
the resident parent says READY=1 with a STATUS=
line, a STATUS= for connections open and served as they change, WATCHDOG=1
at half of $WATCHDOG_USEC, and STOPPING=1 on SIGTERM, after which it exits
0.  Every message comes from the main PID (what NotifyAccess=main wants).
libsystemd is mapped in that process only: the resident parent below it
and every per-connection process never map it."""

import os
import signal
import socket
import struct
import time

from harness import ROOT_ARGS, SSA, Server, children, free_port, wait_for
from helpers import close_frame, open_ws, wait_handler, waiting_in_accept

UCRED = struct.Struct("iII")


class NotifySocket:
    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
        self.sock.bind(str(path))
        self.got = []                   # (pid, message)

    def poll(self, timeout):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            self.sock.settimeout(max(0.01, end - time.monotonic()))
            try:
                msg, anc, _, _ = self.sock.recvmsg(4096, socket.CMSG_SPACE(UCRED.size))
            except socket.timeout:
                break
            pid = None
            for level, kind, data in anc:
                if level == socket.SOL_SOCKET and kind == socket.SCM_CREDENTIALS:
                    pid = UCRED.unpack(data[:UCRED.size])[0]
            self.got.append((pid, msg.decode()))

    def wait(self, pred, timeout=10, what="notification"):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            for pid, m in self.got:
                if pred(m):
                    return pid, m
            self.poll(0.2)
        raise AssertionError("no %s; got %r" % (what, self.got))


def maps_libsystemd(pid):
    return "libsystemd.so" in open("/proc/%d/maps" % pid).read()


def test_accept_no_notify(wsinetd, tmp_path):
    ns = NotifySocket(tmp_path / "notify.sock")
    port = free_port()
    env = dict(wsinetd.env, NOTIFY_SOCKET=str(tmp_path / "notify.sock"),
               WATCHDOG_USEC="400000")
    names = ["NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"]
    # The shell's PID is the launcher's and then wsinetd's (each execs).
    argv = ["sh", "-c", 'WATCHDOG_PID=$$ exec "$0" "$@"', SSA, "-l", "127.0.0.1:%d" % port,
            *wsinetd.pass_env(), *[a for n in names for a in ("-E", n)],
            wsinetd.bin, *ROOT_ARGS, "echo"]
    srv = Server(argv, env, wsinetd._logpath(), "127.0.0.1", port, "Listening on")
    wsinetd.servers.append(srv)
    main = srv.proc.pid

    # The launcher starts wsinetd on the first connection, as systemd does.
    c = open_ws(srv)
    pid, ready = ns.wait(lambda m: m.startswith("READY=1"), what="READY=1")
    assert pid == main
    assert ready == "READY=1\nSTATUS=0 connections open, 0 served"
    relay_kids = children(main)
    assert len(relay_kids) == 1, relay_kids
    resident = relay_kids[0]
    handler = wait_handler(resident)
    wait_for(lambda: len([p for p in children(resident) if waiting_in_accept(p)]) == 4,
             what="4 idle children")
    ns.wait(lambda m: m == "STATUS=1 connection open, 0 served", what="1 open")
    assert maps_libsystemd(main), "the relay should have loaded libsystemd"
    assert not maps_libsystemd(resident)
    assert not maps_libsystemd(handler)
    for p in children(resident):
        assert not maps_libsystemd(p), p
    c.send(close_frame(1000))
    assert c.read_until_close()[1] == 1000
    c.read_to_eof()
    c.close()
    ns.wait(lambda m: m == "STATUS=0 connections open, 1 served", what="1 served")

    n0 = sum(1 for _, m in ns.got if m == "WATCHDOG=1")
    ns.poll(1.0)
    pings = [p for p, m in ns.got if m == "WATCHDOG=1"]
    assert len(pings) - n0 >= 3, ns.got         # every 200 ms
    os.kill(main, signal.SIGTERM)
    ns.wait(lambda m: m == "STOPPING=1", what="STOPPING=1")
    assert srv.proc.wait(10) == 0, srv.log()
    assert {p for p, _ in ns.got} == {main}, ns.got
