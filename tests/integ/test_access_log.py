"""After a normal echo session the log has one access line for it: peer
ip:port, status 101, the target, and close code 1000."""

from helpers import echo_session, wait_log_line


def test_access_log(wsinetd):
    srv = wsinetd.socket_activate("echo")
    peer = echo_session(srv.url + "some/path", [("text", "hello"), ("binary", b"\x00" * 300)])
    line = wait_log_line(srv, peer, " 101 ")
    print(line)
    for part in ("target=echo", "close=1000", "/some/path"):
        assert part in line, "%r not in access line %r" % (part, line)
    assert sum(peer in ln for ln in srv.log().splitlines() if " 101 " in ln) == 1, srv.log()
