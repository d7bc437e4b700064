"""--user UID:GID in digits drops to those ids without asking NSS (issue 16:
the lookup loaded libnss_systemd and cost each connection 57 system calls).

Run in inetd mode on a socketpair under strace: the handler runs as
65534:65533 (the digits, not nobody's group), the echo works, and no file
of the passwd/group databases or NSS module is opened.  An id too large
for uid_t is refused with 78, not truncated (4294967297 would be uid 1).
"""

import os
import re
import socket
import subprocess

from helpers import traced_echo

NSS_FILES = ("nsswitch.conf", "/etc/passwd", "/etc/group", "libnss_")


def test_numeric_user_skips_nss(wsinetd, tmp_path):
    assert os.geteuid() == 0, "this case needs the suite's root"
    text = traced_echo(wsinetd, tmp_path, "open,openat,setresuid,setresgid",
                       "--user", "65534:65533", "echo")
    assert re.search(r"setresgid\(65533, 65533, 65533\)\s+= 0", text), text
    assert re.search(r"setresuid\(65534, 65534, 65534\)\s+= 0", text), text
    opened = [ln for ln in text.splitlines() if "open" in ln and any(f in ln for f in NSS_FILES)]
    assert not opened, "NSS asked for plain digits:\n" + "\n".join(opened)


def test_numeric_user_too_large_is_refused(wsinetd):
    for spec in ("4294967297", "65534:4294967296", "4294967295"):
        ours, theirs = socket.socketpair()
        r = subprocess.run([wsinetd.bin, "--user", spec, "echo"], stdin=theirs.fileno(),
                           stdout=theirs.fileno(), capture_output=False,
                           stderr=subprocess.PIPE, env=wsinetd.env, timeout=10)
        theirs.close()
        ours.close()
        err = r.stderr.decode(errors="replace")
        assert r.returncode == 78, (spec, r.returncode, err)
        assert "no such" in err and spec.split(":")[-1] in err, err
