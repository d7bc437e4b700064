"""`wsinetd --hash-password USER` (README "Authentication"): from a pipe
it reads one line and prints USER:HASH, a yescrypt hash that the system's
libcrypt verifies (called through ctypes) and that
--auth-file accepts; from a terminal it asks twice with echo off, so the
password never appears on the screen, and refuses two different ones.
Nothing it prints, on stdout or stderr, holds the password; a bad user
name is a usage error (64), an empty password an error (1)."""

import os
import pty
import select
import subprocess
import time

from auth_helpers import basic, libcrypt
from helpers import RawClient, answer_close, expect_accept

PW = "tr0ub4dor & 3"


def hash_pipe(wsinetd, user, stdin):
    return subprocess.run([wsinetd.bin, "--hash-password", user], input=stdin,
                          capture_output=True, timeout=30, env=wsinetd.env)


def on_terminal(wsinetd, answers):
    """Run it on a pseudo-terminal, typing each answer at its prompt;
    return (everything the terminal showed, exit status)."""
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(wsinetd.bin, [wsinetd.bin, "--hash-password", "alice"], wsinetd.env)
    shown, typed = b"", 0
    end = time.monotonic() + 30
    while time.monotonic() < end:
        r, _, _ = select.select([fd], [], [], 0.2)
        if r:
            try:
                b = os.read(fd, 4096)
            except OSError:
                break
            if not b:
                break
            shown += b
        prompts = shown.count(b"Password: ") + shown.count(b"Again: ")
        if typed < len(answers) and prompts > typed:
            os.write(fd, answers[typed].encode() + b"\n")
            typed += 1
    _, st = os.waitpid(pid, 0)
    os.close(fd)
    return shown, os.waitstatus_to_exitcode(st)


def test_hash_password(wsinetd):
    r = hash_pipe(wsinetd, "alice", (PW + "\n").encode())
    assert r.returncode == 0, r.stderr
    assert r.stderr == b"" and PW.encode() not in r.stdout
    line = r.stdout.decode()
    assert line.endswith("\n") and line.count("\n") == 1
    user, h = line.strip().split(":", 1)
    assert user == "alice" and h.startswith("$y$"), line
    assert libcrypt(PW, h) == h, "libcrypt does not verify it"
    assert libcrypt(PW + "x", h) != h
    again = hash_pipe(wsinetd, "alice", (PW + "\n").encode()).stdout.decode().strip()
    assert again != line.strip(), "a fresh salt each time"

    users = wsinetd.tmp / "users"
    users.write_text(line)
    srv = wsinetd.socket_activate("--auth-file", users, "echo")
    c = RawClient.connect(srv.host, srv.port)
    expect_accept(c.handshake(extra=[basic("alice", PW)]))
    answer_close(c, 1000)

    shown, code = on_terminal(wsinetd, [PW, PW])
    assert code == 0, shown
    assert PW.encode() not in shown, "the password was echoed: %r" % shown
    out = shown.decode().replace("\r", "")
    assert "Password: \nAgain: \n" in out, out
    h = [ln for ln in out.splitlines() if ln.startswith("alice:$y$")][0].split(":", 1)[1]
    assert libcrypt(PW, h) == h

    shown, code = on_terminal(wsinetd, [PW, PW + "?"])
    assert code == 1 and b"the passwords differ" in shown and PW.encode() not in shown, shown

    r = hash_pipe(wsinetd, "alice", b"\n")
    assert r.returncode == 1 and b"no password on stdin" in r.stderr, r
    r = hash_pipe(wsinetd, "a:b", (PW + "\n").encode())
    assert r.returncode == 64 and r.stdout == b"", r
