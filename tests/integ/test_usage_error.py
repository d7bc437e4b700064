"""Run by hand with no socket (stdin not a socket, no LISTEN_FDS, no --listen):
exit 64 and a message that says how to run it."""

import subprocess


def test_usage_error(wsinetd):
    r = wsinetd.run("echo", stdin=subprocess.DEVNULL)
    err = r.stderr.decode(errors="replace")
    print(err)
    assert r.returncode == 64, (r.returncode, err)
    assert "--listen" in err, err
    assert any(w in err for w in ("systemd", "inetd", "LISTEN_FDS")), err
