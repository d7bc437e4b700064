"""--listen specs outside 1-65535 or not of the forms PORT, :PORT,
ADDR:PORT, [IPv6]:PORT, unix:PATH are a usage error: exit 64 before
anything is bound, with a message naming the value as given (issue 17:
127.0.0.1:99999 used to log 99999 and bind 34463).  --check refuses the
same specs and prints the good ones."""

import subprocess

BAD = {
    "127.0.0.1:99999": "the port must be a number from 1 to 65535",
    "127.0.0.1:0": "the port must be a number from 1 to 65535",
    "65536": "the port must be a number from 1 to 65535",
    "localhost:http": "the port must be a number from 1 to 65535",
    "::1:8080": "write an IPv6 address in brackets, as in [::1]:8080",
    "[localhost]:80": "the address in brackets is not an IPv6 address",
    "127.0.0.1": "want PORT, :PORT, ADDR:PORT, [IPv6]:PORT or unix:PATH",
    "unix:": "unix: needs a path",
    "unix:/" + "x" * 120: "longer than the 107 bytes",
    "": "want PORT",
}

GOOD = ["8080", ":8080", "127.0.0.1:8080", "[::1]:8080", "localhost:8080",
        "unix:/run/wsinetd.sock", "unix:@wsinetd"]


def test_listen_usage(wsinetd):
    for spec, why in BAD.items():
        for args in (["--listen", spec, "echo"], ["--check", "--listen", spec, "echo"]):
            r = wsinetd.run(*args, stdin=subprocess.DEVNULL)
            err = r.stderr.decode(errors="replace")
            assert r.returncode == 64, (args, r.returncode, err)
            assert ("--listen %s: " % spec) in err and why in err, (spec, err)
            assert "listening on" not in err
    for spec in GOOD:
        r = wsinetd.run("--check", "--listen", spec, "echo", stdin=subprocess.DEVNULL)
        assert r.returncode == 0, (spec, r.stderr)
        assert ("listen %s\n" % spec).encode() in r.stdout
