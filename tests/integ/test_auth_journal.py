"""--auth-file under the journal (stderr is $JOURNAL_STREAM, as under the
systemd units): the access line of an authenticated upgrade carries
WSINETD_USER, and a failed attempt is its own entry at PRIORITY=4
(warning) that a fail2ban jail with backend = systemd reads through
SYSLOG_IDENTIFIER=wsinetd.  The test owns the journal socket: a private
mount namespace with a tmpfs on /run/systemd."""

from auth_helpers import basic, users_file
from helpers import upgrade_request
from journal_helpers import journal_fields



def test_auth_journal(wsinetd, tmp_path):
    users = users_file(wsinetd, {"alice": "pw"})
    entries = journal_fields(wsinetd, tmp_path, ["--auth-file", users, "echo"],
                             [upgrade_request(extra=[basic("alice", "pw")]),
                              upgrade_request(extra=[basic("alice", "guess")])])
    access = [e for e in entries if "WSINETD_PEER" in e]
    assert [e["WSINETD_STATUS"] for e in access] == ["101", "401"], access
    assert access[0]["WSINETD_USER"] == "alice" and access[0]["MESSAGE"].endswith(" user=alice")
    assert access[1]["WSINETD_USER"] == "", access[1]     # every field, empty
    fails = [e for e in entries if "authentication failed" in e.get("MESSAGE", "")]
    assert len(fails) == 1, entries
    f = fails[0]
    assert f["PRIORITY"] == "4" and f["SYSLOG_IDENTIFIER"] == "wsinetd", f
    assert f["MESSAGE"].endswith(': authentication failed for user "alice": wrong password, '
                                 'answered 401'), f
    assert not any("guess" in v for e in entries for v in e.values())
