"""The README's websocketd migration table, run as printed (issue 17
item 7): for each row, Debian's websocketd with the row's command line,
then the row's `wsinetd --listen` line, then its wsinetd@.service
ExecStart= line under systemd-socket-activate --accept as nobody, each in
the test's own network namespace on the row's port, with
python3-websockets as the client, which must see the same from all
three: bc's answer as a text message per line, cat's bytes as binary
messages, the page beside the program, the passed variables.

A row added to the table without a check here fails: add it to CHECKS.
"""

import shutil

import pytest

from docrun import (Workdir, http_get, mount_wrap, private_net, readme_table, words, ws_lines,
                    ws_talk)

ROWS = {r[0]: r for r in readme_table("migrate-websocketd")}
PAGE = b"<!doctype html><title>calc</title>\n"


def bc_check(port):
    got = ws_lines("ws://127.0.0.1:%d/" % port, "6*7", "42")
    assert got == ["42"], got                 # text, one message per line


def cat_check(port):
    got, _ = ws_talk("ws://127.0.0.1:%d/" % port, [b"\x00\x01bytes\xff"])
    assert got == [b"\x00\x01bytes\xff"], got  # binary, as sent


def static_check(port):
    st, body = http_get(port, "/")             # index.html, as both serve it
    assert (st, body) == (200, PAGE), (st, body)
    bc_check(port)


def passenv_check(port):
    got = ws_lines("ws://127.0.0.1:%d/" % port, None, "TZ=")   # env reads nothing
    env = set(got)
    assert "LANG=C.UTF-8" in env and "TZ=UTC" in env, got
    assert not any(g.startswith("WSINETD_SECRET=") for g in got), got


CHECKS = {
    "a program, a message per line": (8080, bc_check),
    "binary messages": (8080, cat_check),
    "pages beside it": (8080, static_check),
    "pass variables": (8080, passenv_check),
}
ENV = {"LANG": "C.UTF-8", "TZ": "UTC", "WSINETD_SECRET": "not for the program"}


def test_every_row_has_a_check():
    assert set(ROWS) == set(CHECKS), (
        "README.md's websocketd table and CHECKS in %s differ: %s; give each new row a "
        "client check here" % (__file__, sorted(set(ROWS) ^ set(CHECKS))))


@pytest.mark.parametrize("what", sorted(CHECKS))
def test_migrate_websocketd(wsinetd, what):
    assert shutil.which("websocketd"), "websocketd is not installed (tests/deps.sh)"
    _, theirs, ours, unit = ROWS[what]
    port, check = CHECKS[what]
    w = Workdir(wsinetd)
    try:
        with private_net():
            w.file("www/index.html", PAGE)
            p = w.start(words(theirs), port, "websocketd", env=ENV)
            check(port)
            p.stop()
            p = w.start(words(ours), port, "wsinetd-listen", env=ENV)
            check(port)
            p.stop()
            wrap = mount_wrap(w.path, {"/srv/www": w.path / "www"})
            p = w.handler(words(unit), port, "wsinetd-unit", wrap=wrap, env=ENV)
            check(port)
            p.stop()
    finally:
        print(w.logs())         # shown by pytest on failure, or with -s
        w.close()
