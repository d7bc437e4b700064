"""--auth-file for static files (--web) on one kept-alive connection:
the page needs the credentials as the upgrade does, with the realm of
--auth-realm in the challenge.  Two requests with the same credentials
cost one password check (one "authenticated" line with -v); a later one
with other credentials is checked anew and refused, and two
Authorization headers are 400."""

from auth_helpers import basic, users_file
from helpers import RawClient, wait_log_line

PAGE = b"<!doctype html><title>private</title>\n"


def get(c, path, auth=None, more=()):
    hdrs = ["GET %s HTTP/1.1" % path, "Host: localhost"]
    if auth:
        hdrs.append("%s: %s" % auth)
    hdrs += ["%s: %s" % kv for kv in more]
    c.send(("\r\n".join(hdrs) + "\r\n\r\n").encode())
    return c.read_response()


def test_auth_web(wsinetd):
    users = users_file(wsinetd, {"alice": "s3cret"})
    www = wsinetd.tmp / "www"
    www.mkdir()
    (www / "index.html").write_bytes(PAGE)
    srv = wsinetd.socket_activate("-v", "--auth-file", users, "--auth-realm", "Team pages",
                                  "--web", www)

    c = RawClient.connect(srv.host, srv.port)
    r = get(c, "/")
    assert r.status == 401, r
    assert r.header("www-authenticate") == 'Basic realm="Team pages", charset="UTF-8"', r
    assert c.body.startswith(b"401 Unauthorized"), c.body
    c.read_to_eof()                 # a refusal ends the connection

    c = RawClient.connect(srv.host, srv.port)
    me = c.local
    for _ in range(2):
        r = get(c, "/", basic("alice", "s3cret"))
        assert r.status == 200 and c.body == PAGE, (r, c.body)
    r = get(c, "/", basic("alice", "not it"))
    assert r.status == 401, r
    c.read_to_eof()
    wait_log_line(srv, me, "authentication failed for user \"alice\": wrong password")
    wait_log_line(srv, me, '"GET /" 401 ')
    log = srv.log()
    ok = [ln for ln in log.splitlines() if me in ln and '"GET /" 200 target=web' in ln]
    assert len(ok) == 2 and all(ln.endswith(" user=alice") for ln in ok), log
    checks = [ln for ln in log.splitlines() if me + ": user alice authenticated" in ln]
    assert len(checks) == 1, "the same credentials twice were hashed %d times:\n%s" % (
        len(checks), log)
    assert "(yescrypt, %s:1)" % users in checks[0], checks[0]

    c = RawClient.connect(srv.host, srv.port)
    me = c.local
    r = get(c, "/", basic("alice", "s3cret"), more=[basic("alice", "s3cret")])
    assert r.status == 400, r
    c.read_to_eof()
    wait_log_line(srv, me, "more than one Authorization header, answered 400")
