"""--auth-file on the WebSocket upgrade (README "Authentication"): no
credentials, a wrong password and an unknown user all get 401 with the
Basic challenge and no 101; the right ones get the echo, and the access
line names the user.  A failed attempt writes one line naming the client
and the user, never the password; a request without credentials (what a
browser sends first) writes none."""

from auth_helpers import basic, users_file
from helpers import log_message, OP_TEXT, RawClient, answer_close, expect_accept, frame, wait_log_line

CHALLENGE = 'Basic realm="wsinetd", charset="UTF-8"'


def upgrade(srv, extra=()):
    c = RawClient.connect(srv.host, srv.port)
    me = c.local
    r = c.handshake(path="/chat", extra=list(extra))
    return c, me, r


def test_auth_upgrade(wsinetd):
    users = users_file(wsinetd, {"alice": "correct horse"})
    srv = wsinetd.socket_activate("--auth-file", users, "echo")

    c, me, r = upgrade(srv)
    assert r.status == 401 and r.header("www-authenticate") == CHALLENGE, r
    c.read_to_eof()
    line = wait_log_line(srv, me, '"GET /chat" 401 target=- ')
    assert "user=" not in line
    assert "authentication failed" not in srv.log(), "no credentials is no failed attempt"

    for who, pw, why in (("alice", "wrong horse", "wrong password"),
                         ("mallory", "correct horse", "no such user")):
        c, me, r = upgrade(srv, [basic(who, pw)])
        assert r.status == 401 and r.header("www-authenticate") == CHALLENGE, r
        c.read_to_eof()
        fail = wait_log_line(srv, me + ": authentication failed for user")
        assert log_message(fail) == ('%s: authentication failed for user "%s": %s, answered 401'
                                     % (me, who, why)), fail
        wait_log_line(srv, me, '"GET /chat" 401 ')

    c, me, r = upgrade(srv, [basic("alice", "correct horse")])
    expect_accept(r)
    c.send(frame(OP_TEXT, "behind basic auth"))
    assert c.read_message() == (OP_TEXT, b"behind basic auth")
    answer_close(c, 1000)
    line = wait_log_line(srv, me, '"GET /chat" 101 target=echo', "close=1000")
    assert line.endswith(" route=/ user=alice"), line
    assert "horse" not in srv.log(), "a password reached the log"
