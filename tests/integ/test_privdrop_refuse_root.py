"""Started as root with neither --user nor --allow-root, wsinetd refuses to
run: exit 78, and the log line says how to fix it."""

import os
import subprocess


def test_privdrop_refuse_root(wsinetd):
    assert os.geteuid() == 0, "this case needs the suite's root"
    r = wsinetd.run("--listen", "127.0.0.1:1", "echo", allow_root=False,
                    stdin=subprocess.DEVNULL)
    err = r.stderr.decode(errors="replace")
    assert r.returncode == 78, (r.returncode, err)
    assert "refusing to run as root" in err, err
    assert "--user" in err and "--allow-root" in err, err
