"""The README's fail2ban filter against the lines wsinetd really writes
(README "Authentication": "Banning guessers with fail2ban").  Failed
logins from an IPv4 client, an IPv6 client and a client named by a
trusted proxy's X-Forwarded-For (no port) are each matched with the
client's address, and only them: the access lines, a login that worked
and a request without credentials are not.  Debian's fail2ban-regex reads
wsinetd's own stderr log (no timestamps there: --datepattern {NONE}) and
the same line as syslog writes it."""

import re
import shutil
import subprocess

from auth_helpers import basic, users_file
from harness import ROOT
from helpers import RawClient, answer_close, connect_from, upgrade_request, wait_log_line

FAIL2BAN_REGEX = shutil.which("fail2ban-regex") or "/usr/bin/fail2ban-regex"


def readme_filter():
    """The ini block of README.md that starts with the filter's path."""
    text = (ROOT / "README.md").read_text()
    m = re.search(r"```ini\n(# /etc/fail2ban/filter\.d/wsinetd\.conf\n.*?)```", text, re.S)
    assert m, "README.md has no fail2ban filter block"
    return m.group(1)


def attempt(c, user, pw, extra=()):
    r = c.handshake(upgrade_request(extra=[*([basic(user, pw)] if user else []), *extra]))
    if r.status == 101:
        answer_close(c, 1000)
    else:
        c.read_to_eof()
    return r.status


def matched_ips(filt, log, *opts):
    r = subprocess.run([FAIL2BAN_REGEX, "-o", "ip", *opts, str(log), str(filt)],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stdout + r.stderr
    return r.stdout.split()


def test_auth_fail2ban(wsinetd, tmp_path):
    assert shutil.os.access(FAIL2BAN_REGEX, shutil.os.X_OK), "fail2ban is needed: tests/deps.sh"
    users = users_file(wsinetd, {"alice": "right"})
    v4 = wsinetd.socket_activate("--auth-file", users, "--trust-forwarded", "127.0.0.1", "echo")
    v6 = wsinetd.socket_activate("--auth-file", users, "echo", host="::1")

    assert attempt(connect_from("127.0.0.1", v4.port, "127.0.0.2"), "alice", "wrong") == 401
    assert attempt(connect_from("127.0.0.1", v4.port, "127.0.0.2"), "root", "toor") == 401
    assert attempt(connect_from("127.0.0.1", v4.port, "127.0.0.3"), "alice", "right") == 101
    assert attempt(connect_from("127.0.0.1", v4.port, "127.0.0.4"), None, None) == 401
    assert attempt(RawClient.connect("127.0.0.1", v4.port), "alice", "nope",
                   [("X-Forwarded-For", "203.0.113.9")]) == 401
    assert attempt(RawClient.connect("::1", v6.port), "bob", "x") == 401
    wait_log_line(v4, "203.0.113.9: authentication failed")
    wait_log_line(v4, '203.0.113.9 "GET /" 401 ')
    wait_log_line(v4, '" 101 target=echo', "user=alice")
    wait_log_line(v6, ': authentication failed for user "bob"')
    wait_log_line(v6, '"GET /" 401 ')

    d = tmp_path / "filter.d"
    d.mkdir()
    (d / "wsinetd.conf").write_text(readme_filter())
    (d / "common.conf").symlink_to("/etc/fail2ban/filter.d/common.conf")
    log = tmp_path / "wsinetd.log"
    log.write_text(v4.log() + v6.log())
    ips = matched_ips(d / "wsinetd.conf", log, "--datepattern", "{NONE}")
    assert sorted(ips) == sorted(["127.0.0.2", "127.0.0.2", "203.0.113.9", "::1"]), (ips, log.read_text())

    fail = [ln for ln in log.read_text().splitlines() if "authentication failed" in ln][0]
    syslog = tmp_path / "daemon.log"
    syslog.write_text("Dec  4 20:16:47 host " + fail[fail.index("wsinetd["):] + "\n")
    assert matched_ips(d / "wsinetd.conf", syslog) == ["127.0.0.2"], syslog.read_text()
