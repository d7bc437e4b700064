"""A tcp: target given as an address literal is connected to directly
(issue 16): no getaddrinfo(), whose AI_ADDRCONFIG opens a netlink socket
and reads the interface list on every connection, and no resolver files.
A name (localhost) still goes through the resolver and works.

Run in inetd mode on a socketpair under strace; each case echoes one
message through a real TCP echo backend on 127.0.0.1 or ::1.
"""

import pytest

from helpers import Backend, echo_handler, traced_echo
from harness import ROOT_ARGS


def run_traced(wsinetd, tmp_path, target):
    return traced_echo(wsinetd, tmp_path, "socket,connect,openat", *ROOT_ARGS, target)


@pytest.mark.parametrize("host", ["127.0.0.1", "::1"])
def test_literal_skips_the_resolver(wsinetd, tmp_path, host):
    b = Backend(echo_handler, host=host)
    try:
        text = run_traced(wsinetd, tmp_path, b.target)
    finally:
        b.close()
    assert "AF_NETLINK" not in text, text
    assert "nsswitch.conf" not in text and "/etc/hosts" not in text, text
    fam = "AF_INET6" if ":" in host else "AF_INET"
    assert "socket(%s, SOCK_STREAM" % fam in text, text


def test_name_still_resolves(wsinetd, tmp_path):
    b = Backend(echo_handler)
    try:
        text = run_traced(wsinetd, tmp_path, "tcp:localhost:%d" % b.port)
    finally:
        b.close()
    assert "/etc/hosts" in text, text
