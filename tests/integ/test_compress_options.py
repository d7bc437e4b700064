"""--compress, --compress-level and --compress-min on the command line:
--check prints what was chosen (the defaults 6 and 64 when not given);
a level outside 0-9 or a bad number is a usage error (64)."""

import pytest


def test_compress_check(wsinetd):
    r = wsinetd.run("--check", "echo")
    assert r.returncode == 0 and b"compress no\n" in r.stdout, r
    r = wsinetd.run("--check", "--compress", "echo")
    assert b"compress permessage-deflate level 6 min 64\n" in r.stdout, r
    r = wsinetd.run("--check", "--compress", "--compress-level", "9", "--compress-min", "0",
                    "echo")
    assert b"compress permessage-deflate level 9 min 0\n" in r.stdout, r


@pytest.mark.parametrize("args", [("--compress-level", "10"), ("--compress-level", "-1"),
                                  ("--compress-min", "x"), ("--compress-min", "99999999")])
def test_compress_option_errors(wsinetd, args):
    r = wsinetd.run("--compress", *args, "echo")
    assert r.returncode == 64, r
    assert b"Try 'wsinetd --help'" in r.stderr, r
