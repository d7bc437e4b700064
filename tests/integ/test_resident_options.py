"""--prefork and --max-connections: their defaults (4 and 512) in --check,
the command line and the --config file forms, and their limits: --prefork
0-256, --max-connections 1-65536, plain digits; anything else exits 64 on
the command line and 78 with FILE:LINE in a file."""

import subprocess


def check(wsinetd, *args):
    r = wsinetd.run("--check", *args, stdin=subprocess.DEVNULL)
    return r.returncode, r.stdout.decode(), r.stderr.decode(errors="replace")


def test_resident_options(wsinetd, tmp_path):
    rc, out, err = check(wsinetd, "echo")
    assert rc == 0 and "prefork 4\nmax-connections 512\n" in out, (out, err)
    rc, out, err = check(wsinetd, "--prefork", "0", "--max-connections", "65536", "echo")
    assert rc == 0 and "prefork 0\nmax-connections 65536\n" in out, (out, err)
    conf = tmp_path / "w.conf"
    conf.write_text("prefork = 9\nmax-connections = 30\ntarget = echo\n")
    rc, out, err = check(wsinetd, "--config", conf)
    assert rc == 0 and "prefork 9\nmax-connections 30\n" in out, (out, err)
    for args, why in ((("--prefork", "257"), "--prefork 257: number too large (at most 256)"),
                      (("--prefork", "-1"), "--prefork -1: not a plain decimal number"),
                      (("--max-connections", "0"), "--max-connections 0: must be at least 1"),
                      (("--max-connections", "65537"), "number too large (at most 65536)"),
                      (("--max-connections", "1e3"), "not a plain decimal number")):
        rc, out, err = check(wsinetd, *args, "echo")
        assert rc == 64 and why in err, (args, rc, err)
    conf.write_text("target = echo\nmax-connections = 0\n")
    rc, out, err = check(wsinetd, "--config", conf)
    assert rc == 78 and "%s:2: --max-connections 0: must be at least 1" % conf in err, err
