"""`make install` and `make uninstall` (mk/install.mk) into a DESTDIR.

- PREFIX=/usr: exactly the expected files land, with the expected modes:
  the binary (the same bytes as ./wsinetd), wsinetd(8), every unit in
  units/ in systemd's unit directory (pkg-config systemd, else
  /lib/systemd/system) with ExecStart= pointing at /usr/bin/wsinetd (a unit
  that is a symbolic link in units/ would stay the same link), the xinetd
  file and the credentials drop-in as examples under /usr/share/doc (never
  /etc/xinetd.d or a live wsinetd-tls@.service.d, where they would take
  effect), and the README the units' Documentation= names.  No /usr/local path is left
  in what was installed.
- BINDIR, MANDIR, DOCDIR and SYSTEMDUNITDIR are honoured on their own.
- `make uninstall` with the same variables removes every file again.

The top Makefile runs in the repository, so `make -o wsinetd` keeps it from
rebuilding (or touching) ./wsinetd whatever state src/ is in: install's
`all` prerequisite is then a no-op.  Runs once, not per build variant.
"""

import os
import re
import stat
import subprocess
from pathlib import Path

from harness import ROOT

BIN = ROOT / "wsinetd"
MAKE_ENV = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")


def make(*args):
    env = {k: v for k, v in os.environ.items() if k not in MAKE_ENV}
    r = subprocess.run(["make", "--no-print-directory", "-o", "wsinetd", *args],
                       cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, "make %s:\n%s%s" % (" ".join(args), r.stdout, r.stderr)
    assert not re.search(r"^\s+(CC|LD)\s", r.stdout, re.M), "make rebuilt:\n" + r.stdout
    return r


def files_under(root):
    return {"/" + str(p.relative_to(root)) for p in root.rglob("*")
            if p.is_file() or p.is_symlink()}


def unit_dir():
    r = subprocess.run(["pkg-config", "--variable=systemdsystemunitdir", "systemd"],
                       capture_output=True, text=True)
    return r.stdout.strip() or "/lib/systemd/system"


def tree_units():
    return sorted(p.name for p in (ROOT / "units").iterdir()
                  if p.suffix in (".socket", ".service"))


def tree_dropins():
    return sorted(str(p.relative_to(ROOT / "units"))
                  for p in (ROOT / "units").glob("*.service.d/*.conf"))


def mode(p):
    return stat.S_IMODE(p.stat().st_mode)


def check_installed(dest, bindir, mandir, docdir, unitdir, datadir):
    units = tree_units()
    assert "wsinetd.socket" in units and "wsinetd@.service" in units, units
    want = {bindir + "/wsinetd", mandir + "/man8/wsinetd.8",
            docdir + "/examples/xinetd.d/wsinetd", docdir + "/README.md",
            *(unitdir + "/" + u for u in units),
            *(docdir + "/examples/" + d for d in tree_dropins()),
            *(datadir + "/terminal/" + p.name
              for p in (ROOT / "share" / "terminal").iterdir())}
    assert datadir + "/terminal/index.html" in want
    assert files_under(dest) == want

    binary = dest / bindir.lstrip("/") / "wsinetd"
    assert binary.read_bytes() == BIN.read_bytes()
    assert mode(binary) == 0o755
    for f in want - {bindir + "/wsinetd"}:
        p = dest / f.lstrip("/")
        if p.is_symlink():
            continue
        assert mode(p) == 0o644, f
    for u in units:
        src, p = ROOT / "units" / u, dest / unitdir.lstrip("/") / u
        assert src.is_symlink() == p.is_symlink(), u
        if src.is_symlink():
            assert p.readlink() == src.readlink(), u
            assert p.resolve().exists(), "%s: dangling link" % u
    assert tree_dropins(), "units/ has no drop-in example"
    assert not list((dest / unitdir.lstrip("/")).glob("*.service.d")), \
        "the credentials drop-in must not be live: its files must exist to start"

    service = (dest / unitdir.lstrip("/") / "wsinetd@.service").read_text()
    starts = re.findall(r"^ExecStart=(\S+)", service, re.M)
    assert starts == [bindir + "/wsinetd"], starts
    for u in units:
        text = (dest / unitdir.lstrip("/") / u).read_text()
        for doc in re.findall(r"^Documentation=(.*)$", text, re.M):
            assert "file://%s/README.md" % docdir in doc, (u, doc)

    example = (dest / docdir.lstrip("/") / "examples/xinetd.d/wsinetd").read_text()
    assert re.search(r"^\s*server\s*=\s*%s/wsinetd$" % re.escape(bindir), example, re.M)
    assert re.search(r"^\s*disable\s*=\s*yes$", example, re.M), "example must ship disabled"
    assert not (dest / "etc/xinetd.d").exists()

    man = (dest / mandir.lstrip("/") / "man8/wsinetd.8").read_text()
    assert ".Sh NAME" in man
    return want


def test_install_prefix_usr_and_uninstall(tmp_path):
    assert BIN.exists(), "%s not built (make)" % BIN
    before = BIN.stat().st_mtime_ns
    dest = tmp_path / "root"
    args = ["DESTDIR=%s" % dest, "PREFIX=/usr"]
    make("install", *args)
    check_installed(dest, "/usr/bin", "/usr/share/man", "/usr/share/doc/wsinetd",
                    unit_dir(), "/usr/share/wsinetd")
    for f in files_under(dest):
        if not f.endswith(("/wsinetd", "README.md")) or "xinetd.d" in f:
            assert "/usr/local/" not in (dest / f.lstrip("/")).read_text(), f
    make("uninstall", *args)
    assert files_under(dest) == set()
    assert not (dest / "usr/share/doc/wsinetd").exists()
    assert BIN.stat().st_mtime_ns == before, "make install touched ./wsinetd"


def test_install_each_directory_variable(tmp_path):
    assert BIN.exists(), "%s not built (make)" % BIN
    dest = tmp_path / "root"
    dirs = dict(BINDIR="/opt/ws/sbin", MANDIR="/opt/ws/man",
                DOCDIR="/opt/ws/doc", SYSTEMDUNITDIR="/etc/systemd/system",
                DATADIR="/opt/ws/data")
    args = ["DESTDIR=%s" % dest, "PREFIX=/opt/ws"] + ["%s=%s" % kv for kv in dirs.items()]
    make("install", *args)
    check_installed(dest, dirs["BINDIR"], dirs["MANDIR"], dirs["DOCDIR"],
                    dirs["SYSTEMDUNITDIR"], dirs["DATADIR"])
    make("uninstall", *args)
    assert files_under(dest) == set()


def test_default_prefix_is_usr_local(tmp_path):
    """Without PREFIX everything goes under /usr/local (the units excepted:
    they go where systemd looks)."""
    assert BIN.exists(), "%s not built (make)" % BIN
    dest = tmp_path / "root"
    make("install", "DESTDIR=%s" % dest)
    check_installed(dest, "/usr/local/bin", "/usr/local/share/man",
                    "/usr/local/share/doc/wsinetd", unit_dir(), "/usr/local/share/wsinetd")
    make("uninstall", "DESTDIR=%s" % dest)
    assert files_under(dest) == set()
