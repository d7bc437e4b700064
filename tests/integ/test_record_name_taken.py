"""A recording's name that is already taken, even by a symlink, is never
opened: the file gets the next name ("-2") and the symlink's target is
untouched.  inetd mode on a socketpair, so the handler's pid (part of the
name) is known before it reads its request; every name it could pick in
the next 3 s is made a symlink to a victim file first."""

import datetime
import os
import socket
import subprocess

from harness import ROOT_ARGS
from helpers import socketpair_echo


def test_record_name_taken_by_symlink(wsinetd, tmp_path):
    rec = tmp_path / "rec"
    rec.mkdir()
    victim = tmp_path / "victim"
    victim.write_bytes(b"keep me")
    ours, theirs = socket.socketpair()
    p = subprocess.Popen([wsinetd.bin, *ROOT_ARGS, "--record", str(rec), "echo"],
                         stdin=theirs.fileno(), stdout=theirs.fileno(),
                         stderr=subprocess.PIPE, env=wsinetd.env)
    theirs.close()
    taken = set()

    def squat():
        # Names until at least 2.5 s from now once they are made (a
        # loaded machine may take a while to make them).
        ms = datetime.timedelta(milliseconds=1)
        now = datetime.datetime.now(datetime.timezone.utc)
        t, rounds = now - 200 * ms, 0
        while t - now < 2500 * ms:
            rounds += 1
            assert rounds <= 10, "making the names takes longer than they last"
            end = now + 4000 * ms
            while t < end:
                name = "%s.%03dZ_unix_%d.cast" % (t.strftime("%Y%m%dT%H%M%S"),
                                                  t.microsecond // 1000, p.pid)
                if name not in taken:
                    os.symlink(victim, rec / name)
                    taken.add(name)
                t += ms
            now = datetime.datetime.now(datetime.timezone.utc)

    socketpair_echo(p, ours, b"not into the victim", before=squat)
    assert victim.read_bytes() == b"keep me"
    made = [f for f in rec.iterdir() if not f.is_symlink()]
    assert len(made) == 1, made
    assert made[0].name.endswith("_unix_%d-2.cast" % p.pid), made[0].name
    assert made[0].name.replace("-2.cast", ".cast") in taken
    assert b"not into the victim" in made[0].read_bytes()
