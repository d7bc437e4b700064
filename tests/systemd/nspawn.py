"""A Debian 12 system with systemd as PID 1, in a container, for the tests
of the shipped units (tests/systemd/).

- rootfs(): a minbase Debian 12 tree with systemd, dbus, libnss-systemd
  and wsinetd's runtime libraries, built once with mmdebstrap from the apt
  sources this machine uses and cached outside the repository in
  /var/cache/wsinetd-tests/rootfs-HASH (HASH covers the package list, the
  options and the sources), so a clean clone on the same machine reuses it.
  It is built in a temporary directory and renamed into place, so a build
  that dies leaves no half tree behind; a lock keeps two builders apart.
- Container: an overlay on that tree (the cached tree is never written),
  `make install DESTDIR=` into the overlay, then `systemd-nspawn --boot`
  in the host's network namespace (no --private-network), so a socket the
  container's systemd binds on 127.0.0.1 is reachable from the test.  The
  test drives it with `nsenter -t PID1 -a systemctl ...`/`journalctl`, and
  stop() powers it off (SIGKILL to its PID 1 if that takes too long),
  unmounts the overlay and removes the per-run directory.

What this machine needs (found when the module was written): the host's
PID 1 is not systemd and no system bus runs, so nspawn gets
--register=no --keep-unit; SYSTEMD_NSPAWN_UNIFIED_HIERARCHY=1 gives the
container a cgroup2 tree of its own; nspawn's default seccomp filter
denies bpf(2), which IPAddressDeny= needs, hence --system-call-filter=bpf.
The host binds the cgroup controllers to v1 hierarchies, so inside the
container MemoryMax= and TasksMax= are accepted but not enforced: no test
claims them.  nspawn puts the container's cgroup2 tree under its own
cgroup, which here is the root for every process, so two containers (two
`make check` runs on one machine) would share one tree and stop each
other's services: each container gets a cgroup of its own first.

Safety: the container root is always a fresh directory of ours, checked
to be a mount of the overlay and to carry the marker file the rootfs build
writes, before nspawn is started: nothing is ever booted on the host's own
root.  Every wait is bounded.
"""

import fcntl
import hashlib
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CACHE = Path(os.environ.get("WSINETD_ROOTFS_CACHE", "/var/cache/wsinetd-tests"))
SUITE = "bookworm"
# systemd + its bus and NSS module (DynamicUser= names), and what
# `ldd wsinetd` lists plus GnuTLS, which wsinetd dlopen()s for TLS.
PACKAGES = ["systemd", "dbus", "libnss-systemd", "libhttp-parser2.9",
            "libnettle8", "zlib1g", "libgnutls30"]
MARKER = "etc/wsinetd-test-rootfs"
# Documentation and translations are not needed to boot: keep the tree lean.
MMDEBSTRAP_OPTS = [
    "--variant=minbase",
    "--dpkgopt=path-exclude=/usr/share/doc/*",
    "--dpkgopt=path-exclude=/usr/share/man/*",
    "--dpkgopt=path-exclude=/usr/share/locale/*",
    "--dpkgopt=path-exclude=/usr/share/info/*",
]
BUILD_TIMEOUT = 900
BOOT_TIMEOUT = 90
STOP_TIMEOUT = 30


def apt_sources():
    """The apt source files this machine uses for SUITE: (path, text)."""
    files = []
    main = Path("/etc/apt/sources.list")
    if main.exists():
        files.append(main)
    d = Path("/etc/apt/sources.list.d")
    if d.is_dir():
        files += sorted(p for p in d.iterdir()
                        if p.suffix in (".list", ".sources") and p.is_file())
    out = []
    for p in files:
        text = p.read_text()
        live = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
        if any(SUITE in ln for ln in live):
            out.append((p, text))
    assert out, "no apt source for %s in /etc/apt/sources.list*" % SUITE
    return out


def rootfs_key(sources):
    h = hashlib.sha256()
    for part in [SUITE, *PACKAGES, *MMDEBSTRAP_OPTS, MARKER]:
        h.update(part.encode() + b"\0")
    for p, text in sources:
        h.update(str(p).encode() + b"\0" + text.encode() + b"\0")
    return h.hexdigest()[:16]


def rootfs(log=print):
    """The cached root file system, built first if need be: its path."""
    sources = apt_sources()
    path = CACHE / ("rootfs-" + rootfs_key(sources))
    if (path / MARKER).exists():
        return path
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(CACHE / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (path / MARKER).exists():
            return path
        mmdebstrap = shutil.which("mmdebstrap")
        assert mmdebstrap, "mmdebstrap is needed (tests/deps.sh installs it)"
        tmp = Path(tempfile.mkdtemp(prefix="building-", dir=CACHE))
        tree = tmp / "tree"
        t0 = time.monotonic()
        try:
            argv = [mmdebstrap, *MMDEBSTRAP_OPTS, "--include=" + ",".join(PACKAGES),
                    "--customize-hook=echo wsinetd test rootfs > \"$1/%s\"" % MARKER,
                    SUITE, str(tree), *[str(p) for p, _ in sources]]
            r = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True,
                               text=True, timeout=BUILD_TIMEOUT)
            assert r.returncode == 0 and (tree / MARKER).exists(), \
                "mmdebstrap exit %d:\n%s" % (r.returncode, r.stderr[-4000:])
            os.rename(tree, path)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        log("built %s in %.1f s" % (path, time.monotonic() - t0))
        # Trees for older package lists or sources are not used again.
        for old in CACHE.glob("rootfs-*"):
            if old != path and old.is_dir() and len(old.name) == len(path.name):
                shutil.rmtree(old, ignore_errors=True)
    return path


def _ns_pid1(nspawn_pid):
    """The host pid of the container's PID 1: nspawn's child whose pid in
    its own namespace is 1, or None."""
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            status = (d / "status").read_text()
        except OSError:
            continue
        fields = dict(ln.split(":", 1) for ln in status.splitlines() if ":" in ln)
        if fields.get("PPid", "").strip() != str(nspawn_pid):
            continue
        nspid = fields.get("NSpid", "").split()
        if len(nspid) > 1 and nspid[-1] == "1":
            return int(d.name)
    return None


class Container:
    """One booted container on an overlay of the cached rootfs."""

    def __init__(self, lower):
        self.lower = Path(lower)
        self.dir = Path(tempfile.mkdtemp(prefix="wsinetd-nspawn-"))
        self.root = self.dir / "root"
        self.proc = None
        self.pid1 = None
        self.mounted = False
        self.cgmount = None
        self.name = "wsinetd-test-%d" % os.getpid()
        self.console = self.dir / "console.log"
        self.boot_seconds = None

    # ------------------------------------------------------------ life

    def start(self):
        for d in ("upper", "work", "root"):
            (self.dir / d).mkdir()
        subprocess.run(["mount", "-t", "overlay", "overlay", "-o",
                        "lowerdir=%s,upperdir=%s,workdir=%s" % (
                            self.lower, self.dir / "upper", self.dir / "work"),
                        str(self.root)], check=True, timeout=30)
        self.mounted = True
        self.install()
        self._check_root()
        env = dict(os.environ, SYSTEMD_NSPAWN_UNIFIED_HIERARCHY="1")
        cg = self._own_cgroup()
        # nspawn starts in cg, so the container's tree is cg's, no one else's.
        argv = ["sh", "-c", 'echo $$ >"$0/cgroup.procs" && exec "$@"', str(cg),
                "systemd-nspawn", "--boot", "--directory=%s" % self.root,
                "--machine=%s" % self.name, "--register=no", "--keep-unit",
                "--system-call-filter=bpf", "--link-journal=no",
                "--console=read-only", "--quiet"]
        t0 = time.monotonic()
        self._log = open(self.console, "ab")
        self.proc = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL,
                                     stdout=self._log, stderr=self._log,
                                     start_new_session=True, cwd=str(self.dir))
        end = time.monotonic() + BOOT_TIMEOUT
        while self.pid1 is None:
            assert self.proc.poll() is None, \
                "systemd-nspawn exited %s:\n%s" % (self.proc.returncode, self.console_text())
            assert time.monotonic() < end, "no container PID 1:\n" + self.console_text()
            self.pid1 = _ns_pid1(self.proc.pid)
            time.sleep(0.05)
        state = None
        while state not in ("running", "degraded"):
            assert time.monotonic() < end, \
                "boot did not finish (%s):\n%s" % (state, self.console_text())
            r = self.run("systemctl", "is-system-running", "--wait", check=False,
                         timeout=max(1, end - time.monotonic()))
            state = r.stdout.strip()
            if state not in ("running", "degraded"):
                time.sleep(0.2)
        self.boot_seconds = time.monotonic() - t0
        failed = self.run("systemctl", "--failed", "--no-legend", "--plain").stdout.strip()
        assert state == "running" and not failed, \
            "booted %s; failed units:\n%s" % (state, failed)

    def _own_cgroup(self):
        """A cgroup2 directory for this container: the cgroup2 hierarchy
        (no controllers: they are v1's here) mounted in our directory."""
        mnt = self.dir / "cgroup2"
        mnt.mkdir()
        subprocess.run(["mount", "-t", "cgroup2", "none", str(mnt)], check=True, timeout=30)
        self.cgmount = mnt
        cg = mnt / self.name
        cg.mkdir()
        return cg

    def _drop_cgroup(self):
        if self.cgmount is None:
            return
        cg = self.cgmount / self.name
        if cg.is_dir():
            for d, _, _ in sorted(os.walk(cg), key=lambda w: -len(w[0])):
                try:
                    os.rmdir(d)
                except OSError:
                    pass
        r = subprocess.run(["umount", str(self.cgmount)], capture_output=True, timeout=30)
        if r.returncode != 0:
            subprocess.run(["umount", "-l", str(self.cgmount)], capture_output=True, timeout=30)
        self.cgmount = None

    def _check_root(self):
        """Refuse to boot anything but our overlay with the marker in it."""
        root = self.root.resolve()
        assert root != Path("/") and str(root).startswith(str(self.dir.resolve()) + "/"), root
        assert os.path.ismount(root), "%s is not our overlay mount" % root
        assert (root / MARKER).exists(), "%s lacks %s: not the test rootfs" % (root, MARKER)

    def install(self):
        """`make install` of this tree into the container (the overlay)."""
        # -o wsinetd: install the binary the other tests run, never
        # rebuild it under them (as tests/test_install.py does).
        assert (ROOT / "wsinetd").exists(), "./wsinetd is not built (make)"
        env = {k: v for k, v in os.environ.items()
               if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")}
        r = subprocess.run(["make", "-C", str(ROOT), "--no-print-directory", "-o", "wsinetd",
                            "install", "DESTDIR=%s" % self.root,
                            "SYSTEMDUNITDIR=/lib/systemd/system"],
                           capture_output=True, text=True, timeout=300, env=env)
        assert r.returncode == 0, "make install exit %d:\n%s%s" % (
            r.returncode, r.stdout, r.stderr)

    def console_text(self):
        try:
            return self.console.read_text(errors="replace")[-6000:]
        except OSError:
            return ""

    def stop(self):
        """Power off (bounded), unmount, remove the per-run directory."""
        if self.proc is not None and self.proc.poll() is None:
            # nspawn turns SIGTERM into a clean shutdown of a booted container.
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                if self.pid1:
                    try:
                        os.kill(self.pid1, signal.SIGKILL)   # ends its pid namespace
                    except ProcessLookupError:
                        pass
                self.proc.kill()
                self.proc.wait(10)
        if self.proc is not None:
            self._log.close()
        self._drop_cgroup()
        if self.mounted:
            r = subprocess.run(["umount", str(self.root)], capture_output=True, timeout=30)
            if r.returncode != 0:
                subprocess.run(["umount", "-l", str(self.root)], capture_output=True, timeout=30)
            self.mounted = False
        if not os.path.ismount(self.root) and not (self.dir / "cgroup2").is_mount():
            shutil.rmtree(self.dir, ignore_errors=True)

    # ------------------------------------------------------------ driving

    def run(self, *argv, check=True, timeout=30, input=None):
        """argv inside the container (all its namespaces), as root."""
        r = subprocess.run(["nsenter", "-t", str(self.pid1), "-a", *map(str, argv)],
                           capture_output=True, text=True, timeout=timeout, input=input,
                           stdin=None if input is not None else subprocess.DEVNULL)
        if check:
            assert r.returncode == 0, "%s: exit %d\n%s%s" % (
                " ".join(map(str, argv)), r.returncode, r.stdout, r.stderr)
        return r

    def systemctl(self, *args, check=True, timeout=30):
        return self.run("systemctl", *args, check=check, timeout=timeout)

    def show(self, unit, *props):
        """{property: value} from `systemctl show`."""
        out = self.systemctl("show", unit, *["-p" + p for p in props]).stdout
        return dict(ln.split("=", 1) for ln in out.splitlines() if "=" in ln)

    def path(self, p):
        """Where the container's file p is on the host (the overlay)."""
        p = Path(p)
        assert p.is_absolute(), p
        return self.root / p.relative_to("/")

    def write(self, p, text, mode=0o644):
        f = self.path(p)
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(text)
        os.chmod(f, mode)

    def remove(self, p):
        f = self.path(p)
        if f.is_dir():
            shutil.rmtree(f)
        elif f.exists():
            f.unlink()

    def edit(self, unit, text):
        """`systemctl edit UNIT` with text as the drop-in override.conf:
        systemctl writes the file and reloads the manager itself.  It
        insists on a terminal, which script(1) provides, and hands its
        temporary copy to $SYSTEMD_EDITOR, here cp from a staged file (on
        the overlay: the container's /run is its own tmpfs)."""
        staged = "/var/lib/wsinetd-test/edit.conf"
        self.write(staged, text)
        self.run("env", "SYSTEMD_EDITOR=cp " + staged, "script", "-qec",
                 "systemctl edit " + unit, "/dev/null")
        got = self.path("/etc/systemd/system/%s.d/override.conf" % unit).read_text()
        assert got.strip() == text.strip(), "systemctl edit wrote:\n" + got

    def revert(self, unit):
        self.systemctl("revert", unit)

    def journal(self, *match, since=None):
        """Journal entries (dicts) matching journalctl arguments, after the
        cursor since.  (journalctl 252 with --after-cursor and a match
        finds nothing: --cursor, which includes that entry, then drop it.)"""
        args = ["journalctl", "--no-pager", "-o", "json"]
        if since:
            args += ["--cursor" if match else "--after-cursor", since]
        r = self.run(*args, *match, check=False)
        assert r.returncode in (0, 1), r.stderr
        out = [json.loads(ln) for ln in r.stdout.splitlines() if ln.strip()]
        return [e for e in out if e.get("__CURSOR") != since]

    def cursor(self):
        """The journal's current end: pass it as since= to read what follows."""
        r = self.run("journalctl", "--no-pager", "-n", "1", "-o", "json")
        lines = [ln for ln in r.stdout.splitlines() if ln.strip()]
        return json.loads(lines[-1])["__CURSOR"] if lines else None

    def units(self, pattern):
        """Names of loaded units matching pattern (any state)."""
        out = self.systemctl("list-units", "--all", "--no-legend", "--plain", pattern).stdout
        return [ln.split()[0] for ln in out.splitlines() if ln.strip()]
