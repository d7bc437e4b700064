"""Who creates a recording, and where, with --user and --chroot:

- DIR is opened before the drop and before the chroot: with --user
  nobody --chroot JAIL and DIR outside the jail (in a directory nobody
  cannot even reach by path), the file is created there, owned by nobody,
  mode 0600, with the session in it;
- a DIR nobody may not write: each connection logs that it cannot create
  the file and goes on unrecorded (the client sees its echo and a 1000),
  no file, no rec= in the access line; --check and a resident parent
  (--listen) refuse it at start with exit 78 and what to do;
- a DIR that does not exist is exit 78 in every mode."""

import os
import socket
import stat
import subprocess

from helpers import Backend, OP_BIN, answer_close, echo_handler, frame, open_ws, wait_log_line
from record_helpers import payload, read_cast, wait_cast

NOBODY = 65534


def no_leak_check(wsinetd):
    # LeakSanitizer needs /proc, which the jail lacks (test_privdrop_chroot).
    if wsinetd.variant == "asan":
        return {"ASAN_OPTIONS": wsinetd.env["ASAN_OPTIONS"].replace(
            "detect_leaks=1", "detect_leaks=0")}
    return None


def test_record_user_chroot_outside_jail(wsinetd, tmp_path):
    jail = tmp_path / "jail"
    jail.mkdir()
    hidden = tmp_path / "hidden"
    hidden.mkdir(mode=0o700)                  # nobody cannot traverse it
    rec = hidden / "rec"
    rec.mkdir(mode=0o700)
    os.chown(rec, NOBODY, NOBODY)
    b = Backend(echo_handler)
    try:
        srv = wsinetd.socket_activate("--user", "nobody", "--chroot", jail, "--record", rec,
                                      b.target, allow_root=False,
                                      extra_env=no_leak_check(wsinetd))
        c = open_ws(srv)
        c.send(frame(OP_BIN, b"jailed \xff"))
        assert c.read_message() == (OP_BIN, b"jailed \xff")
        answer_close(c, 1000)
        (path,) = wait_cast(rec)
        wait_log_line(srv, '"GET /" 101', "rec=" + path.name)
    finally:
        b.close()
    st = path.stat()
    assert (st.st_uid, st.st_gid) == (NOBODY, NOBODY)
    assert stat.S_IMODE(st.st_mode) == 0o600
    _, events = read_cast(path)
    assert payload(events, "i") == payload(events, "o") == b"jailed \xff"
    assert not list(jail.iterdir())


def test_record_dir_not_writable(wsinetd, tmp_path):
    rec = tmp_path / "rec"
    rec.mkdir(mode=0o755)                     # root's
    srv = wsinetd.socket_activate("--user", "nobody", "--record", rec, "echo",
                                  allow_root=False)
    c = open_ws(srv)
    peer = c.local
    c.send(frame(OP_BIN, b"still served"))
    assert c.read_message() == (OP_BIN, b"still served")
    answer_close(c, 1000)
    ln = wait_log_line(srv, peer, "--record %s: cannot create" % rec)
    assert ln.endswith(": Permission denied; the session goes on unrecorded"), ln
    access = wait_log_line(srv, peer, '"GET /" 101 target=echo')
    assert "close=1000" in access and " rec=" not in access
    assert list(rec.iterdir()) == []
    r = wsinetd.run("--check", "--user", "nobody", "--record", rec, "echo", allow_root=False)
    assert r.returncode == 78
    assert ("--record %s: --user nobody cannot create files in it (e.g. install -d -m 0700 "
            "-o nobody %s)" % (rec, rec)).encode() in r.stderr
    r = wsinetd.run("--listen", "127.0.0.1:1", "--user", "nobody", "--record", rec, "echo",
                    allow_root=False)
    assert r.returncode == 78 and b"cannot create files in it" in r.stderr


def test_record_dir_missing(wsinetd, tmp_path):
    missing = tmp_path / "missing"
    a, b = socket.socketpair()
    with a, b:
        r = wsinetd.run("--record", missing, "echo", stdin=b, stdout=b,
                        stderr=subprocess.PIPE, capture_output=False)
    assert r.returncode == 78
    assert ("--record %s: No such file or directory" % missing).encode() in r.stderr
    r = wsinetd.run("--check", "--record", missing, "echo")
    assert r.returncode == 78
