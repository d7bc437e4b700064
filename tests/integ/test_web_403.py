"""--web under --user nobody: a file the user may not read is 403 (and
logged), one it may read is served; the lookup itself needs no read
permission on the file."""

import os
import shutil
import tempfile
from pathlib import Path

from helpers import wait_log_line
from webutil import Http, chmod_tree_readable, make_tree


def test_web_403(wsinetd):
    assert os.geteuid() == 0, "this case needs the suite's root"
    # pytest's tmp_path is root-only (0700): nobody needs a path it can walk.
    d = Path(tempfile.mkdtemp(prefix="wsinetd-web-403-"))
    try:
        files = make_tree(d / "www")
        (d / "www" / "private.txt").write_bytes(b"root only\n")
        chmod_tree_readable(d)
        os.chmod(d / "www" / "private.txt", 0o600)
        srv = wsinetd.socket_activate("--user", "nobody", "--web", d / "www", "echo",
                                      allow_root=False)
        c = Http.connect(srv)
        r = c.get("/private.txt")
        assert r.status == 403 and b"root only" not in r.body, r
        r = c.get("/index.html")
        assert r.status == 200 and r.body == files["index.html"], r
        c.close()
        wait_log_line(srv, "/private.txt", "not readable", "answered 403")
    finally:
        shutil.rmtree(d)
