"""Valid UTF-8 that rewrites what a person sees is replaced in log lines
too: U+202E (right-to-left override) shows the rest of a line backwards,
U+2028 (line separator) starts a new line in some viewers.  A black-box
attack got both into "authentication failed for user" and "no route for
host" lines before any credential was checked (F7); the Host now gets
"a Host that is not host[:port]" instead."""

import base64

from auth_helpers import users_file
from helpers import RawClient, wait_log_line

BIDI = "\u202e\u2028\u2066\u200b"


def send(srv, head):
    c = RawClient.connect(srv.host, srv.port)
    c.send(head.encode())
    r = c.read_response()
    c.close()
    return r.status


def test_log_bidi(wsinetd):
    users = users_file(wsinetd, {"alice": "correct horse"})
    srv = wsinetd.socket_activate("--auth-file", users, "--route", "only.example/x=echo")
    cred = base64.b64encode(("root%sfake:pw" % BIDI).encode()).decode()
    assert send(srv, "GET /x HTTP/1.1\r\nHost: only.example\r\nAuthorization: Basic %s\r\n"
                     "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                     "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                     "Sec-WebSocket-Version: 13\r\n\r\n" % cred) == 401
    wait_log_line(srv, 'authentication failed for user "root????fake"')
    good = base64.b64encode(b"alice:correct horse").decode()
    assert send(srv, "GET /x HTTP/1.1\r\nHost: a%sb\r\nAuthorization: Basic %s\r\n\r\n"
                     % (BIDI, good)) == 400
    # Such a Host is no host[:port]: the request gate refuses it, and
    # its line names the Host, made safe.
    wait_log_line(srv, 'a Host that is not host[:port] (Host "a????b")')
    raw = open(srv.logpath, "rb").read()
    for ch in BIDI:
        assert ch.encode() not in raw, "U+%04X reached the log" % ord(ch)
