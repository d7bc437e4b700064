"""--check exits 78, with the reason on one line, for every command line
the run itself would refuse (issue 17 item 4): root without --user,
--user naming nobody, an exec: program that is missing, not executable or
not executable by the --user, an unreadable certificate.  What it prints
names the --trust-forwarded network and every exec: argument."""

import os

import pytest

from helpers import log_message


def cases(tmp):
    noexec = tmp / "noexec.sh"
    noexec.write_text("#!/bin/sh\necho hi\n")
    rootonly = tmp / "rootonly"
    rootonly.write_bytes(open("/bin/true", "rb").read())
    rootonly.chmod(0o700)
    return {
        "root-without-user": (["echo"], False,
                              "refusing to run as root: add --user USER (e.g. --user nobody)"),
        "user-nouser": (["--user", "nosuchuser17", "echo"], False,
                        "--user nosuchuser17: no such user"),
        "exec-missing": (["--user", "nobody", "exec:/nonexistent/prog"], False,
                         "target: exec /nonexistent/prog: no such file"),
        "exec-not-in-path": (["--user", "nobody", "exec:nosuchprog17"], False,
                             "target: exec nosuchprog17: not found in PATH "
                             "(/usr/local/bin:/usr/bin:/bin; --passenv PATH passes wsinetd's own)"),
        "exec-not-executable": (["--user", "nobody", "--route", "/x=exec:%s" % noexec, "echo"],
                                False, "route /x: exec %s: not executable" % noexec),
        "exec-not-for-user": (["--user", "nobody", "exec:%s" % rootonly], False,
                              "target: exec %s: %s is not executable by uid 65534" % (rootonly, rootonly)),
        "cert-unreadable": (["--tls-cert", tmp / "none.crt", "--tls-key", tmp / "none.key", "echo"],
                            True, "TLS certificate %s: No such file or directory" % (tmp / "none.crt")),
    }


NAMES = ["root-without-user", "user-nouser", "exec-missing",
         "exec-not-in-path", "exec-not-executable",
         "exec-not-for-user", "cert-unreadable"]


@pytest.mark.parametrize("name", NAMES)
def test_check_refuses(wsinetd, tmp_path, name):
    assert os.geteuid() == 0, "these cases need the suite's root"
    argv, allow_root, msg = cases(tmp_path)[name]
    out = wsinetd.run("--check", *argv, allow_root=allow_root)
    assert out.returncode == 78, out
    assert out.stdout == b"", out.stdout        # nothing "would run"
    lines = out.stderr.decode().splitlines()
    assert len(lines) == 1 and log_message(lines[0]).startswith(msg), lines


def test_check_prints_forwarded_and_exec_args(wsinetd):
    out = wsinetd.run("--check", "--trust-forwarded", "10.1.0.0/16", "--trust-forwarded", "::1",
                      "--text", "exec:/usr/bin/awk", "-W", "interactive",
                      "{ print toupper($0) }", "it's")
    assert out.returncode == 0, out
    text = out.stdout.decode()
    assert "trust-forwarded 10.1.0.0/16\n" in text and "trust-forwarded ::1/128\n" in text, text
    assert ("target exec:/usr/bin/awk -W interactive '{ print toupper($0) }' 'it'\\''s'\n"
            in text), text
