"""Running documented command lines as printed, for test_doc_examples.py
and the migration cases (test_migrate_*.py).

- private_net(): the calling thread, and every process and thread it
  starts, moves to a network namespace of its own with only loopback up,
  so an example's own ports (80, 443, 5900, 6080, 8080) are free and
  nothing reaches the host's network.  Left again on exit.
- Workdir: a directory nobody may read (the handlers run as nobody, as
  under the shipped unit's DynamicUser=), with bin/wsinetd linked to the
  build under test and a sanitizer log directory nobody may write.
- words(text): a printed command as sh would split it (quotes, a
  backslash at the end of a line), without a shell in between, so the
  launcher's LISTEN_PID is wsinetd's own pid.
- Proc: one started program (launcher, backend, a peer such as
  websockify), its output in a file, stopped with its process group.
- The clients are python3-websockets and http.client: what a user's
  browser or script would see.

Only loopback inside the namespace; every wait is bounded.
"""

import asyncio
import ctypes
import http.client
import os
import shlex
import shutil
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import websockets

from harness import SSA, stop_group
from helpers import Backend, echo_handler

CLONE_NEWNET = 0x40000000
NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"]
INSTALLED = "/usr/local/bin/wsinetd"       # what units and drop-ins name


@contextmanager
def private_net():
    libc = ctypes.CDLL(None, use_errno=True)
    old = os.open("/proc/thread-self/ns/net", os.O_RDONLY)
    try:
        if libc.unshare(CLONE_NEWNET) != 0:
            raise OSError(ctypes.get_errno(), "unshare(CLONE_NEWNET)")
        subprocess.run(["ip", "link", "set", "lo", "up"], check=True, timeout=10)
        yield
    finally:
        if libc.setns(old, CLONE_NEWNET) != 0:
            raise OSError(ctypes.get_errno(), "setns back to the test's network")
        os.close(old)


def words(text):
    """sh's words of one printed command (comments dropped)."""
    return shlex.split(text.replace("\\\n", " "), comments=True)


class Workdir:
    def __init__(self, wsinetd):
        self.wsinetd = wsinetd
        self.path = Path(tempfile.mkdtemp(prefix="wsinetd-doc.", dir="/tmp"))
        self.path.chmod(0o755)
        (self.path / "bin").mkdir(mode=0o755)
        os.symlink(wsinetd.bin, self.path / "bin" / "wsinetd")
        os.symlink(wsinetd.bin, self.path / "wsinetd")      # for ./wsinetd
        self.san = self.path / "san"
        self.san.mkdir()
        self.san.chmod(0o1777)
        self.env = dict(wsinetd.env)
        self.env["PATH"] = "%s:/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin" % (self.path / "bin")
        self.env["ASAN_OPTIONS"] = "log_path=%s/asan:detect_leaks=1:abort_on_error=0" % self.san
        self.env["UBSAN_OPTIONS"] = "log_path=%s/ubsan:print_stacktrace=1:halt_on_error=1" % self.san
        self.procs = []

    def file(self, rel, text, mode=0o644):
        p = self.path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        for d in [p.parent, *p.parent.parents]:
            if d == self.path:
                break
            d.chmod(0o755)
        p.write_bytes(text if isinstance(text, bytes) else text.encode())
        p.chmod(mode)
        return p

    def argv(self, ws):
        """Printed words with the installed path to the build under test."""
        return [self.wsinetd.bin if w == INSTALLED else w for w in ws]

    def start(self, argv, port, name, env=None, cwd=None, host="127.0.0.1", ready=None):
        p = Proc(argv, self.path / ("%s.log" % name), dict(self.env, **(env or {})),
                 cwd or self.path, host, port, ready)
        self.procs.append(p)
        return p

    def handler(self, ws, port, name="wsinetd", fdname=None, as_nobody=True, env=None,
                host="127.0.0.1", wrap=()):
        """A per-connection command (a TARGET and options) run the way a
        socket unit with Accept=yes runs it: systemd-socket-activate
        --accept, the handler as nobody (the unit's dynamic user)."""
        extra = list(env or {})
        argv = [*wrap, SSA, "--accept", "-l", "%s:%d" % (host, port),
                *(["--fdname=%s" % fdname] if fdname else []),
                *[a for n in ("PATH", "ASAN_OPTIONS", "UBSAN_OPTIONS", *extra) for a in ("-E", n)],
                *(NOBODY if as_nobody else []), *self.argv(ws)]
        return self.start(argv, port, name, env=env, host=host)

    def sanitizer_reports(self):
        return {p.name: p.read_text(errors="replace") for p in self.san.iterdir()}

    def close(self):
        for p in self.procs:
            p.stop()
        time.sleep(0.05)
        reports = self.sanitizer_reports()
        shutil.rmtree(self.path, ignore_errors=True)
        assert not reports, "sanitizer reports:\n" + "\n".join(reports.values())

    def logs(self):
        return "\n".join("--- %s:\n%s" % (p.logpath.name, p.log()[-3000:]) for p in self.procs)


class Proc:
    def __init__(self, argv, logpath, env, cwd, host, port, ready=None, timeout=15):
        self.argv, self.logpath, self.port = argv, Path(logpath), port
        with open(self.logpath, "ab") as log:
            self.proc = subprocess.Popen(argv, env=env, cwd=cwd, stdin=subprocess.DEVNULL,
                                         stdout=log, stderr=log, start_new_session=True)
        end = time.monotonic() + timeout
        while time.monotonic() < end and self.proc.poll() is None:
            if ready is not None:
                if ready in self.log():
                    return
            elif port is None:
                return
            else:
                try:
                    socket.create_connection((host, port), timeout=1).close()
                    return
                except OSError:
                    pass
            time.sleep(0.05)
        out = self.log()
        self.stop()
        raise AssertionError("%s did not start (exit %s):\n%s" % (argv, self.proc.returncode, out))

    def log(self):
        try:
            return self.logpath.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def wait_log(self, text, timeout=10):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if text in self.log():
                return self.log()
            time.sleep(0.05)
        raise AssertionError("no %r in %s:\n%s" % (text, self.logpath.name, self.log()))

    def stop(self):
        stop_group(self.proc)


# ---------------------------------------------------------------- backends

def EchoServer(port=None, path=None):
    """An echo service (what VNC is to noVNC here) on a fixed port of the
    namespace's loopback, or a unix socket nobody may connect to."""
    if path is not None:
        b = Backend(echo_handler, kind="unix", path=path)
        os.chmod(path, 0o666)
        return b
    return Backend(echo_handler, port=port)


# ---------------------------------------------------------------- clients

def ws_talk(url, sends, nrecv=None, timeout=15, **kw):
    """Open url, send each of sends, return the messages received (as many
    as were sent, or nrecv) and the negotiated subprotocol."""
    async def go():
        async with websockets.connect(url, open_timeout=timeout, close_timeout=5,
                                      ping_interval=None, max_size=None, **kw) as ws:
            got = []
            for m in sends:
                await ws.send(m)
            for _ in range(len(sends) if nrecv is None else nrecv):
                got.append(await asyncio.wait_for(ws.recv(), timeout))
            return got, ws.subprotocol
    return asyncio.run(asyncio.wait_for(go(), timeout * 3))


def ws_lines(url, send, want, timeout=15, **kw):
    """Send one text message (none when send is None); collect messages
    until one contains want (a program's output, a message per line).
    Returns them all."""
    async def go():
        async with websockets.connect(url, open_timeout=timeout, close_timeout=5,
                                      ping_interval=None, **kw) as ws:
            if send is not None:
                await ws.send(send)
            got = []
            while not any(want in (g if isinstance(g, str) else g.decode()) for g in got):
                got.append(await asyncio.wait_for(ws.recv(), timeout))
            return got
    return asyncio.run(asyncio.wait_for(go(), timeout * 3))


def http_get(port, path, host="127.0.0.1", headers=None, ctx=None):
    """(status, body) of one GET."""
    if ctx is not None:
        c = http.client.HTTPSConnection(host, port, timeout=15, context=ctx)
    else:
        c = http.client.HTTPConnection(host, port, timeout=15)
    try:
        c.request("GET", path, headers=headers or {})
        r = c.getresponse()
        return r.status, r.read()
    finally:
        c.close()


# ---------------------------------------------------------------- README

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_table(name):
    """The rows of the table after `<!-- example: NAME -->` in README.md,
    each a list of cells; a cell's text is its first `code span` when it
    has one."""
    lines = README.read_text().splitlines()
    i = lines.index("<!-- example: %s -->" % name) + 1
    rows = []
    while i < len(lines) and lines[i].startswith("|"):
        cells = [c.strip() for c in lines[i].strip().strip("|").split(" | ")]
        rows.append(cells)
        i += 1
    assert len(rows) > 2, "no table after the %s marker" % name
    out = []
    for cells in rows[2:]:                      # past the header and |---|
        out.append([(c.split("`")[1] if c.count("`") >= 2 else c) for c in cells])
    return out


def mount_wrap(work, binds):
    """argv that runs a command in a private mount namespace in which each
    directory T of binds {T: SRC} shows SRC (the host's T, if any, is left
    alone): T's parent gets an overlay, T is made in it and SRC bound on
    it.  For drop-ins that name /etc/wsinetd/..., /run/..., /srv/..."""
    script = []
    for i, (t, src) in enumerate(sorted(binds.items())):
        parent = os.path.dirname(t)
        up, wk = work / ("ovl%d-up" % i), work / ("ovl%d-wk" % i)
        up.mkdir()
        wk.mkdir()
        script.append('mount -t overlay overlay -o lowerdir=%s,upperdir=%s,workdir=%s %s'
                      % (parent, up, wk, parent))
        script.append('mkdir -p %s && mount --bind %s %s' % (t, src, t))
    return ["unshare", "-m", "--propagation", "private", "sh", "-c",
            " && ".join(script) + ' && exec "$@"', "sh"]
