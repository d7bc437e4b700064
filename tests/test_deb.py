"""The Debian package: build it, lint it, install it, use it, purge it.

One test, run once (not per build variant; it takes no `wsinetd` fixture),
and one function so that pytest-xdist cannot split the steps across
workers:

1. Copy the working tree (tracked files and untracked ones that are not
   ignored, so new files count before they are committed) to a temporary
   directory and run `dpkg-buildpackage -us -uc -b` there.  Never in the
   repository: dh_auto_clean runs `make clean`, which would delete the
   builds the other tests use.
2. lintian on the result: no E: lines (warnings are shown when it fails).
3. `dpkg -i` on this machine (the test suite runs as root on a scratch
   machine), then: one WebSocket echo through /usr/bin/wsinetd under
   `systemd-socket-activate --accept`; `man -w wsinetd` finds the page;
   the units are installed, point at /usr/bin/wsinetd, pass
   `systemd-analyze verify`, and are not enabled.
4. `dpkg --purge wsinetd` (also when a step above failed) and every file
   the package installed is gone.

The build tools are test dependencies (tests/deps.sh): a missing tool fails
the test, it does not skip it.
"""

import asyncio
import os
import re
import shutil
import subprocess
from pathlib import Path

import websockets

from harness import ROOT, ROOT_ARGS, SSA, Server, free_port

PKG = "wsinetd"
TOOLS = ["dpkg-buildpackage", "dh", "lintian", "dpkg", "man", "systemctl",
         "systemd-analyze", "git"]
# What a parent `make check` exports must not leak into the package build.
MAKE_ENV = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")


def run(argv, timeout=120, check=True, **kw):
    r = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, **kw)
    if check:
        assert r.returncode == 0, "%s exited %d:\n%s\n%s" % (
            " ".join(map(str, argv)), r.returncode, r.stdout[-4000:], r.stderr[-4000:])
    return r


def copy_tree(dst):
    """The files git knows about or would add, as they are on disk now."""
    out = run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
              cwd=ROOT).stdout
    for name in filter(None, out.split("\0")):
        src = ROOT / name
        if not (src.is_file() or src.is_symlink()):    # deleted since
            continue
        (dst / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dst / name, follow_symlinks=False)   # links stay links


def installed():
    r = run(["dpkg-query", "-W", "-f=${Status}", PKG], check=False)
    return r.returncode == 0 and "installed" in r.stdout.split()


def purge():
    return run(["dpkg", "--purge", PKG], check=False)


async def echo(url):
    async with websockets.connect(url, compression=None) as ws:
        await ws.send("hello from the package")
        assert await ws.recv() == "hello from the package"
        await ws.send(b"\x00\x01binary")
        assert await ws.recv() == b"\x00\x01binary"


def test_deb_build_lint_install_echo_purge(tmp_path):
    missing = [t for t in TOOLS if shutil.which(t) is None]
    assert not missing, "not installed: %s (tests/deps.sh)" % " ".join(missing)
    assert os.geteuid() == 0, "installs a package: run as root on a scratch machine"

    # 1. Build in a copy.
    src = tmp_path / "src" / PKG
    src.mkdir(parents=True)
    copy_tree(src)
    env = {k: v for k, v in os.environ.items() if k not in MAKE_ENV}
    env["DEB_BUILD_OPTIONS"] = "noautodbgsym"
    run(["dpkg-buildpackage", "-us", "-uc", "-b"], cwd=src, env=env, timeout=300)
    debs = list((tmp_path / "src").glob("%s_*.deb" % PKG))
    assert len(debs) == 1, "expected one .deb, got %s" % debs
    deb = debs[0]

    # 2. lintian: no errors.
    r = run(["lintian", "--pedantic", "-I", str(deb)], check=False)
    tags = [l for l in r.stdout.splitlines() if l[:2] in ("E:", "W:", "I:", "P:")]
    errors = [l for l in tags if l.startswith("E:")]
    assert not errors, "lintian:\n" + "\n".join(tags)

    # nettle and http-parser are linked in (no dynamic linking of them per
    # connection) and named in Built-Using; zlib stays shared.
    fields = run(["dpkg-deb", "-f", str(deb), "Depends", "Built-Using"]).stdout
    assert "libnettle" not in fields and "libhttp-parser" not in fields, fields
    assert "zlib1g" in fields, fields
    assert re.search(r"Built-Using: .*nettle \(= [^)]+\)", fields), fields
    assert re.search(r"Built-Using: .*http-parser \(= [^)]+\)", fields), fields

    # 3. Install it and use it; purge whatever happens.
    if installed():
        purge()         # left over from an interrupted run of this test
    files = []
    try:
        run(["dpkg", "-i", str(deb)])
        listed = [Path(l) for l in run(["dpkg", "-L", PKG]).stdout.splitlines()]
        links = [p for p in listed if p.is_symlink() and not p.is_dir()]
        files = [p for p in listed if p.is_file() and not p.is_symlink()]
        names = {p.name for p in files}
        for want in ("wsinetd", "wsinetd.8.gz", "wsinetd.socket", "wsinetd@.service",
                     "copyright"):
            assert want in names, "%s not in the package: %s" % (want, sorted(names))
        assert Path("/usr/bin/wsinetd") in files

        # One echo through the installed binary, the way a socket unit runs it.
        port = free_port()
        srv = Server([SSA, "--accept", "-l", "127.0.0.1:%d" % port, "/usr/bin/wsinetd",
                      *ROOT_ARGS, "echo"], env, str(tmp_path / "ssa.log"), "127.0.0.1", port,
                     "Listening on")
        try:
            asyncio.run(asyncio.wait_for(echo(srv.url), 20))
            log = srv.wait_log("close=1000")
            assert " 101 target=echo in=" in log, log
        finally:
            srv.stop()

        # The manual.
        r = run(["man", "-w", PKG])
        assert r.stdout.strip().endswith("/man8/wsinetd.8.gz"), r.stdout

        # The units: in place, pointing at the installed binary, valid,
        # not enabled.
        units = {p.name: p for p in files + links if p.parent.name == "system"
                 and p.parent.parent.name == "systemd"}
        tree = {p.name for p in (ROOT / "units").iterdir()
                if p.suffix in (".socket", ".service")}
        assert set(units) == tree, "package %s, units/ %s" % (sorted(units), sorted(tree))
        for name, p in units.items():
            assert p.is_symlink() == (ROOT / "units" / name).is_symlink(), name
            assert p.resolve().is_file(), "%s: dangling" % p
        assert not any(p.name.endswith(".service.d") for p in listed
                       if "systemd" in p.parts), "a drop-in is live after install"
        service = units["wsinetd@.service"].read_text()
        starts = [l for l in service.splitlines() if l.startswith("ExecStart=")]
        assert starts == ["ExecStart=/usr/bin/wsinetd tcp:127.0.0.1:5900"], starts
        assert "/usr/local/" not in "".join(p.read_text() for p in units.values())
        run(["systemd-analyze", "verify",
             *(str(p) for p in units.values() if not p.is_symlink())], cwd=tmp_path)
        for name in units:
            if "@" in name:
                continue        # a template has no enablement of its own
            # A service its socket starts has no [Install]: "static".
            want = "disabled" if "[Install]" in units[name].read_text() else "static"
            r = run(["systemctl", "is-enabled", name], check=False)
            assert r.stdout.strip() == want, "%s: %s%s" % (name, r.stdout, r.stderr)
        enabled = [p for p in Path("/etc/systemd/system").rglob("*wsinetd*")]
        assert not enabled, "enabled after install: %s" % enabled

        # The xinetd file is an example, not a live xinetd service.
        assert not Path("/etc/xinetd.d/wsinetd").exists()
        example = [p for p in files if p.parts[-3:] == ("examples", "xinetd.d", "wsinetd")]
        assert example, "xinetd example not installed"
        assert "server\t\t= /usr/bin/wsinetd" in example[0].read_text()
    finally:
        r = purge()

    # 4. Gone.
    assert r.returncode == 0, r.stdout + r.stderr
    assert not installed()
    left = [p for p in files + links if p.exists() or p.is_symlink()]
    assert not left, "left after purge: %s" % left
    assert not Path("/var/lib/systemd/deb-systemd-helper-enabled/wsinetd.socket.dsh-also").exists()
