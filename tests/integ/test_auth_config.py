"""The new options in a --config file, as `name = value` lines, and what
--check prints for them: auth-file with its realm and auth-checks, backend-proxy for all
and for one route.  --hash-password belongs on the command line; a realm
that would need escaping in the challenge, or an unknown version, is a
configuration error (78, the file and line named)."""

from auth_helpers import users_file


def test_auth_config(wsinetd, tmp_path):
    users = users_file(wsinetd, {"alice": "pw"})
    conf = tmp_path / "wsinetd.conf"
    conf.write_text("auth-file = %s\nauth-realm = Team pages\nauth-checks = 8\nbackend-proxy = v1\n"
                    "route = /pp=tcp:127.0.0.1:9\nbackend-proxy = /pp=v2\ntarget = echo\n"
                    % users)
    r = wsinetd.run("--config", conf, "--check")
    assert r.returncode == 0, r.stderr
    out = r.stdout.decode().splitlines()
    assert 'auth-file %s realm "Team pages" checks 8' % users in out, out
    assert "backend-proxy v1" in out and "backend-proxy /pp v2" in out, out

    for line, why in (("hash-password = alice", "belongs on the command line"),
                      ('auth-realm = say "hi"', "printable ASCII characters without"),
                      ("backend-proxy = v9", "want v1, v2 or off"),
                      ("auth-checks = 0", "must be at least 1")):
        bad = tmp_path / "bad.conf"
        bad.write_text("target = echo\n" + line + "\n")
        r = wsinetd.run("--config", bad)
        assert r.returncode == 78, (line, r)
        assert ("%s:2: " % bad).encode() in r.stderr and why.encode() in r.stderr, r.stderr
