"""A system call outside the relay filter ends the connection and leaves a
line a person can read.  An LD_PRELOAD probe (probe/sigsys_probe.c) makes
socket(AF_INET, ...) when a client message contains SECCOMP-PROBE, as
exploited code would: the client sees the connection end without a Close,
the log names the call, the phase and the client.  While the request head
is read, execve (SECCOMP-EXECVE in a header) is refused the same way by
the request phase's filter.  With --no-seccomp the same message is echoed
and the connection closes normally."""

import struct
import subprocess

from helpers import (OP_TEXT, RawClient, answer_close, expect_accept,
                     wait_log_line)


def unmasked_text(payload):
    """A text frame with the all-zero mask, so the payload is readable as is
    in what wsinetd reads from the socket."""
    return struct.pack("!BB", 0x81, 0x80 | len(payload)) + b"\0\0\0\0" + payload


def probe_env(wsinetd, tmp_path):
    so = tmp_path / "sigsys_probe.so"
    src = __import__("pathlib").Path(__file__).parent / "probe" / "sigsys_probe.c"
    subprocess.run(["cc", "-shared", "-fPIC", "-O1", "-o", str(so), str(src), "-ldl"],
                   check=True)
    # ASan wants its runtime first; the probe is preloaded before it.
    asan = wsinetd.env["ASAN_OPTIONS"] + ":verify_asan_link_order=0"
    return {"LD_PRELOAD": str(so), "ASAN_OPTIONS": asan}


def test_seccomp_violation(wsinetd, tmp_path):
    srv = wsinetd.socket_activate("echo", extra_env=probe_env(wsinetd, tmp_path))
    c = RawClient.connect(srv.host, srv.port)
    peer = c.local
    expect_accept(c.handshake())
    c.send(unmasked_text(b"hello SECCOMP-PROBE"))
    assert c.read_message() is None, "connection should end without a frame"
    line = wait_log_line(srv, peer, "system call socket (41) is not allowed by the "
                         "seccomp filter of the relay phase")
    assert "exit 159" in line, line
    c.close()


def test_seccomp_violation_request_phase(wsinetd, tmp_path):
    srv = wsinetd.socket_activate("echo", extra_env=probe_env(wsinetd, tmp_path))
    c = RawClient.connect(srv.host, srv.port)
    peer = c.local
    c.send(b"GET / HTTP/1.1\r\nHost: x\r\nX-Probe: SECCOMP-EXECVE\r\n\r\n")
    assert c.read_to_eof() == b""
    line = wait_log_line(srv, peer, "system call execve (59) is not allowed by the "
                         "seccomp filter of the request phase")
    assert "exit 159" in line, line
    c.close()


def test_seccomp_off_probe_is_harmless(wsinetd, tmp_path):
    srv = wsinetd.socket_activate("--no-seccomp", "echo",
                                  extra_env=probe_env(wsinetd, tmp_path))
    c = RawClient.connect(srv.host, srv.port)
    peer = c.local
    expect_accept(c.handshake())
    c.send(unmasked_text(b"hello SECCOMP-PROBE"))
    assert c.read_message() == (OP_TEXT, b"hello SECCOMP-PROBE")
    answer_close(c, 1000)
    wait_log_line(srv, peer, " 101 ", "close=1000")
    assert "seccomp filter" not in srv.log(), srv.log()
