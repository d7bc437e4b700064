"""Test harness: start the real wsinetd binary under real launchers.

Every test that takes the `wsinetd` fixture runs once per build variant named
in $WSINETD_VARIANTS ("plain" = ./wsinetd, "asan" = build/san/wsinetd, built
with AddressSanitizer + UndefinedBehaviorSanitizer).  A variant that is named
but not built is an error, never a skip.  After each test the sanitizer log
directory must be empty, so a memory error in any spawned wsinetd fails the
test that caused it.
"""

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BINARIES = {
    "plain": ROOT / "wsinetd",
    "asan": ROOT / "build" / "san" / "wsinetd",
}
# The tests run as root (launchers, private mounts): wsinetd refuses root
# without --user unless told --allow-root.  --user itself is tested on its
# own (tests/integ/test_privdrop_*.py): the unix: backends the other tests
# create live in tmp directories an unprivileged user may not reach.
ROOT_ARGS = ["--allow-root"] if os.geteuid() == 0 else []
SSA = shutil.which("systemd-socket-activate") or "/usr/bin/systemd-socket-activate"

def variants():
    names = os.environ.get("WSINETD_VARIANTS", "plain").split(",")
    return [n.strip() for n in names if n.strip()]

def free_port(host="127.0.0.1"):
    fam = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(fam, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]

def proc_stat(pid):
    """Fields of /proc/PID/stat after the command name (state is [0],
    ppid [1]), or None when the process is gone."""
    try:
        stat = (Path("/proc") / str(pid) / "stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()


def children(pid):
    """Pids whose parent is pid."""
    out = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            fields = proc_stat(d.name)
            if fields is not None and int(fields[1]) == pid:
                out.append(int(d.name))
    return out


def stop_group(proc):
    """TERM the process group a launcher leads (start_new_session=True),
    then KILL it if it is still there 5 s later."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, 15)
    except ProcessLookupError:
        return
    try:
        proc.wait(5)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, 9)
        proc.wait(5)


def wait_for(pred, timeout=10.0, what="condition"):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        v = pred()
        if v:
            return v
        time.sleep(0.02)
    raise AssertionError("timed out waiting for " + what)

# The start of a script run as root in a private mount namespace with a
# tmpfs on /run/systemd (test_activation.py, integ/test_journal_wait.py):
# it owns the journal socket (j), starts `ARGV... echo` from its own argv
# on one end of a socketpair (cli is the client's end) with stderr a pipe
# that $JOURNAL_STREAM names, so wsinetd logs to j.
JOURNAL_PRELUDE = r'''
import os, socket, subprocess, sys
os.makedirs("/run/systemd/journal", exist_ok=True)
j = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
j.bind("/run/systemd/journal/socket")
j.settimeout(10)
cli, srv = socket.socketpair()
r, w = os.pipe()
st = os.fstat(w)
env = dict(os.environ, JOURNAL_STREAM="%d:%d" % (st.st_dev, st.st_ino))
p = subprocess.Popen([sys.argv[1], *sys.argv[2:], "echo"], stdin=srv, stdout=srv, stderr=w, env=env)
srv.close(); os.close(w)
'''


class Server:
    """One launcher process (systemd-socket-activate, xinetd or --listen)."""

    def __init__(self, argv, env, logpath, host, port, ready_text):
        self.host, self.port = host, port
        self.logpath = logpath
        self.argv = argv
        self._log = open(logpath, "ab")
        self.proc = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL,
                                     stdout=self._log, stderr=self._log,
                                     start_new_session=True)
        try:
            wait_for(lambda: ready_text in self.log() or self.proc.poll() is not None,
                     what="launcher to listen: " + " ".join(map(str, argv)))
        except AssertionError:
            self.stop()
            raise
        if self.proc.poll() is not None:
            raise AssertionError("launcher exited %s:\n%s" % (self.proc.returncode, self.log()))

    @property
    def url(self):
        h = "[%s]" % self.host if ":" in self.host else self.host
        return "ws://%s:%d/" % (h, self.port)

    def log(self):
        try:
            return Path(self.logpath).read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def wait_log(self, text, timeout=10.0):
        """Wait until `text` appears in the launcher's (and so wsinetd's) stderr."""
        wait_for(lambda: text in self.log(), timeout, "log line %r; log was:\n%s" % (text, self.log()))
        return self.log()

    def connect(self):
        return socket.create_connection((self.host, self.port), timeout=10)

    def stop(self):
        stop_group(self.proc)
        self._log.close()

class Wsinetd:
    """What a test gets from the `wsinetd` fixture."""

    def __init__(self, variant, tmp):
        self.variant = variant
        self.bin = str(BINARIES[variant])
        if not os.access(self.bin, os.X_OK):
            raise AssertionError("variant %s: %s is not built (run make)" % (variant, self.bin))
        self.tmp = Path(tmp)
        self.sandir = self.tmp / "sanitizer"
        self.sandir.mkdir()
        self.env = dict(os.environ)
        self.env.pop("LISTEN_FDS", None)
        self.env.pop("LISTEN_PID", None)
        self.env.pop("JOURNAL_STREAM", None)
        self.env["ASAN_OPTIONS"] = "log_path=%s/asan:detect_leaks=1:abort_on_error=0" % self.sandir
        self.env["UBSAN_OPTIONS"] = "log_path=%s/ubsan:print_stacktrace=1:halt_on_error=1" % self.sandir
        self.servers = []
        self._n = 0

    def _logpath(self):
        self._n += 1
        return str(self.tmp / ("server%d.log" % self._n))

    def socket_activate(self, *args, host="127.0.0.1", port=None, extra_env=None, launcher_args=(),
                        allow_root=True):
        """wsinetd ARGS under `systemd-socket-activate --accept` (Accept=yes).
        allow_root=False leaves out --allow-root (for the --user tests)."""
        port = port or free_port(host)
        h = "[%s]" % host if ":" in host else host
        env = dict(self.env, **(extra_env or {}))
        argv = [SSA, "--accept", "-l", "%s:%d" % (h, port), *self.pass_env(extra_env),
                *launcher_args, self.bin, *(ROOT_ARGS if allow_root else []),
                *map(str, args)]
        s = Server(argv, env, self._logpath(), host, port, "Listening on")
        self.servers.append(s)
        return s

    @staticmethod
    def pass_env(extra_env=None):
        """systemd-socket-activate gives its child only PATH and LISTEN_*:
        name the sanitizer options (and the test's extras) so they reach
        wsinetd and its reports land where the fixture looks."""
        names = ["ASAN_OPTIONS", "UBSAN_OPTIONS", *(extra_env or {})]
        return [a for n in names for a in ("-E", n)]

    def listen(self, *args, host="127.0.0.1", port=None, extra_env=None, spec=None,
               wrapper=()):
        """wsinetd --listen HOST:PORT ARGS (the resident parent); spec
        replaces HOST:PORT ("%d" in it becomes the port), wrapper is argv
        to run wsinetd under."""
        port = port or free_port(host)
        h = "[%s]" % host if ":" in host else host
        env = dict(self.env, **(extra_env or {}))
        spec = spec.replace("%d", str(port)) if spec else "%s:%d" % (h, port)
        argv = [*wrapper, self.bin, *ROOT_ARGS, "--listen", spec, *map(str, args)]
        s = Server(argv, env, self._logpath(), host, port, "listening on")
        self.servers.append(s)
        return s

    def run(self, *args, timeout=10, allow_root=True, **kw):
        """Run wsinetd directly (usage errors, --check, inetd mode on a socketpair)."""
        kw.setdefault("env", self.env)
        kw.setdefault("capture_output", True)
        return subprocess.run([self.bin, *(ROOT_ARGS if allow_root else []), *map(str, args)],
                              timeout=timeout, **kw)

    def sanitizer_reports(self):
        return {p.name: p.read_text(errors="replace") for p in self.sandir.iterdir()}

    def close(self):
        for s in self.servers:
            s.stop()

