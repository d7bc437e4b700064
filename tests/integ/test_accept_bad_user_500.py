"""Accept=yes with an unknown --user: every connection fails at start, and a
plain HTTP client is told so (500), not just closed on.

issue 17 item 5: the resident modes refuse to start (test_resident_preflight);
a per-connection process cannot, so it answers 500 without parsing a byte of
the request, logs why, and exits 78.  A TLS client (no handshake has happened)
only sees the connection close.
"""

from helpers import RawClient, launcher_exit_codes, upgrade_request, wait_log_line
import harness


def test_unknown_user_gets_500(wsinetd):
    srv = wsinetd.socket_activate("--user", "nosuchuser17", "echo", allow_root=False)
    c = RawClient.connect(srv.host, srv.port)
    c.send(upgrade_request())
    r = c.read_response()
    assert r.status == 500, r
    assert b"configuration is wrong" in c.body, c.body
    c.read_to_eof()
    c.close()
    wait_log_line(srv, "--user nosuchuser17: no such user")
    wait_log_line(srv, '" 500 ')
    harness.wait_for(lambda: launcher_exit_codes(srv) == [78],
                     what="the handler to exit 78")
