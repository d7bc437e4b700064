"""--auth-file with the hashes people already have, made by the tools
that make them: bcrypt from Apache's `htpasswd -B` (apache2-utils),
SHA-512 crypt from `openssl passwd -6`, yescrypt from `wsinetd
--hash-password`, all in one file checked by the system's libcrypt.
htpasswd's default ($apr1$, Apache's MD5) is not libcrypt's: its line is
skipped with a log line that says what to do, and its user refused.
The README's example file works with the passwords it gives."""

import re

import subprocess

from auth_helpers import basic, hash_line
from harness import ROOT
from helpers import RawClient, answer_close, wait_log_line


def status(srv, user, pw):
    c = RawClient.connect(srv.host, srv.port)
    r = c.handshake(extra=[basic(user, pw)])
    if r.status == 101:
        answer_close(c, 1000)
    else:
        c.read_to_eof()
    return r.status


def run(*argv):
    return subprocess.run(argv, capture_output=True, text=True, check=True,
                          timeout=30).stdout.strip()


def test_auth_hashes(wsinetd):
    lines = [
        run("htpasswd", "-nbB", "bob", "bcrypt pw"),
        "sue:" + run("openssl", "passwd", "-6", "sha512 pw"),
        hash_line(wsinetd, "yves", "yescrypt pw"),
        run("htpasswd", "-nb", "carol", "apr1 pw"),
    ]
    assert lines[0].startswith("bob:$2y$") and lines[1].startswith("sue:$6$"), lines
    assert lines[3].startswith("carol:$apr1$"), lines
    users = wsinetd.tmp / "users"
    users.write_text("\n".join(lines) + "\n")
    srv = wsinetd.socket_activate("--auth-file", users, "echo")

    for user, pw in (("bob", "bcrypt pw"), ("sue", "sha512 pw"), ("yves", "yescrypt pw")):
        assert status(srv, user, pw) == 101, (user, srv.log())
        wait_log_line(srv, '" 101 target=echo', "user=%s" % user)
        assert status(srv, user, pw + "!") == 401, user
        wait_log_line(srv, 'authentication failed for user "%s": wrong password' % user)
    assert status(srv, "carol", "apr1 pw") == 401
    wait_log_line(srv, 'authentication failed for user "carol": no such user')
    wait_log_line(srv, "auth file %s:4: the hash is not yescrypt ($y$), bcrypt ($2b$) or "
                  "SHA-512 crypt ($6$); make one with wsinetd --hash-password; line skipped"
                  % users)


def test_auth_readme_users(wsinetd):
    text = (ROOT / "README.md").read_text()
    m = re.search(r"```\n(# /etc/wsinetd/users\n.*?)```", text, re.S)
    assert m, "README.md has no example users file"
    users = wsinetd.tmp / "users"
    users.write_text(m.group(1))
    srv = wsinetd.socket_activate("--auth-file", users, "echo")
    assert status(srv, "alice", "correct horse") == 101
    assert status(srv, "bob", "battery staple") == 101
    assert status(srv, "bob", "correct horse") == 401
    assert "line skipped" not in srv.log(), srv.log()
