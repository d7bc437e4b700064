"""exec: behind --auth-file: the program gets REMOTE_USER (the verified
user, RFC 3875 §4.1.11) and AUTH_TYPE=Basic, and not the credentials
themselves (no HTTP_AUTHORIZATION: §4.1.18), even when wsinetd itself
was started with a REMOTE_USER of its own."""

from auth_helpers import basic, users_file
from helpers import RawClient, close_frame, expect_accept


def test_auth_exec_env(wsinetd):
    users = users_file(wsinetd, {"alice": "pw one"})
    srv = wsinetd.socket_activate("--auth-file", users, "exec:/usr/bin/env", "-0",
                                  extra_env={"REMOTE_USER": "root"})
    c = RawClient.connect(srv.host, srv.port)
    expect_accept(c.handshake(extra=[basic("alice", "pw one"), ("X-Other", "kept")]))
    data, code = c.read_until_close()
    assert code == 1000, code
    c.send(close_frame(1000))
    c.read_to_eof()
    env = dict(kv.decode().split("=", 1) for kv in data.split(b"\0") if kv)
    assert env["REMOTE_USER"] == "alice" and env["AUTH_TYPE"] == "Basic", env
    assert env["HTTP_X_OTHER"] == "kept"
    assert "HTTP_AUTHORIZATION" not in env
    assert not any("pw one" in v for v in env.values())
