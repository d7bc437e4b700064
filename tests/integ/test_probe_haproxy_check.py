"""HAProxy's plain health check (`check` on a `send-proxy-v2` server: it
connects, sends a PROXY v2 header with the LOCAL command, and resets) is
no noise: at the default verbosity wsinetd writes nothing for it, at -v one
line per check, which says what it was.  A real malformed PROXY header
still gets its warning at the default verbosity, and a client that came
through the proxy and left without a request is one -v line too."""

import re
import socket
import struct
import time

from helpers import handler_lines, RawClient, wait_log_line

PROBE = "reset before a request (PROXY LOCAL: the proxy's health check)"


def test_probe_haproxy_check(wsinetd, haproxy):
    quiet = wsinetd.listen("--proxy-protocol", "echo")
    loud = wsinetd.listen("-v", "--proxy-protocol", "echo")
    for srv in (quiet, loud):
        haproxy((srv.host, srv.port), "send-proxy-v2 check inter 200ms")

    def probes():
        return [(pid, t) for pid, t in handler_lines(loud) if "health check" in t]

    end = time.monotonic() + 20
    while len(probes()) < 5 and time.monotonic() < end:
        time.sleep(0.1)
    seen = probes()
    assert len(seen) >= 5, loud.log()
    # One line per check connection (each is its own process), saying
    # what it was and naming HAProxy's end of it.
    assert all(re.fullmatch(r"127\.0\.0\.1:\d+: " + re.escape(PROBE), t) for _, t in seen), seen
    pids = [pid for pid, _ in seen]
    assert len(set(pids)) == len(pids), seen
    assert [t for pid, t in handler_lines(loud) if pid in pids and PROBE not in t] == []
    assert handler_lines(quiet) == [], quiet.log()

    # A real header that is wrong still says so at the default verbosity.
    c = RawClient.connect(quiet.host, quiet.port)
    c.send(b"PROXY TCP4 192.0.2.1 nonsense 1 2\r\nGET / HTTP/1.1\r\n\r\n")
    assert c.read_to_eof() == b""
    c.close()
    wait_log_line(quiet, "PROXY protocol: v1 address does not match the protocol; closed")

    # A client the proxy relayed, gone before its request: -v only.
    for srv in (quiet, loud):
        s = socket.create_connection((srv.host, srv.port), timeout=10)
        s.sendall(b"PROXY TCP4 203.0.113.9 192.0.2.80 40001 443\r\n")
        s.close()
    wait_log_line(loud, "203.0.113.9:40001: closed before a request (PROXY header from 127.0.0.1:")
    # The proxy's v2 LOCAL header itself, then a FIN instead of a reset.
    s = socket.create_connection((quiet.host, quiet.port), timeout=10)
    s.sendall(b"\r\n\r\n\0\r\nQUIT\n" + struct.pack("!BBH", 0x20, 0, 0))
    s.close()
    time.sleep(1)
    # All the quiet one wrote: the bad header's warning and access line.
    lines = handler_lines(quiet)
    assert len(lines) == 2 and len({pid for pid, _ in lines}) == 1, quiet.log()
    assert "v1 address does not match the protocol" in lines[0][1], quiet.log()
    assert lines[1][1].endswith('"- -" 0 target=- in=0/0 out=0/0 time=%s close=- route=-'
                                % lines[1][1].split("time=")[1].split()[0]), quiet.log()
