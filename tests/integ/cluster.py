"""Issue 19's cluster on one machine: N wsinetd "hosts", each a network
namespace of its own joined to the root namespace by a veth pair, behind
one Debian HAProxy on 127.0.0.1 that runs units/haproxy/wsinetd.cfg with
only its addresses replaced.

Each host runs wsinetd the production way: --proxy-protocol, TLS with the
same certificate and (its own copy of) the same ticket key, --user nobody,
the health route the HAProxy config probes, and the echo target.  Clients
bind to CLIENT_ADDR (127.0.0.7), so a host's access line names the real
client only if the PROXY v2 header reached it.

Addresses: one /24 of 10.231.0.0/16 per run, the first whose prefix no
address or route of the root namespace uses, picked under a lock so that
parallel workers take different ones; host i gets 10.231.N.(4i-2)/30 and
the root side 10.231.N.(4i-3)/30.  Names carry the owner's pid in hex
(wscl-PID-RAND-hI, veth wcRANDhI), so a run never meets another's, and a
run that was killed leaves nothing for long: the next one removes
namespaces whose owner is gone.  close() removes everything it made, also
after a failure.
"""

import asyncio
import fcntl
import hashlib
import os
import random
import re
import shlex
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import time
from pathlib import Path

import websockets

from harness import ROOT, Server, free_port, stop_group, wait_for
from helpers import OP_TEXT, STDERR_LINE, RawClient, answer_close, expect_accept, frame
from pass_helpers import recv_all
from test_gnutls_loaded_only_for_tls import self_signed

EXAMPLE = ROOT / "units" / "haproxy" / "wsinetd.cfg"
CLIENT_ADDR = "127.0.0.7"
SNI = "lazy.test"               # self_signed()'s name
HEALTH = "/.wsinetd/health"
PORT = 443                      # wsinetd's port on every host, as in the example
NET = "10.231"
LOCK = "/run/lock/wsinetd-test-cluster.lock"
NS_RE = re.compile(r"^wscl-([0-9a-f]+)-[0-9a-f]+-h\d+$")


def message(line):
    """MESSAGE of a wsinetd stderr line (past "wsinetd[PID]: TIME "), or ""
    for any other line."""
    m = STDERR_LINE.match(line)
    return m.group(3) if m else ""


def readme_block(mark):
    """The text of the README's code block after "<!-- cluster: MARK"."""
    text = (ROOT / "README.md").read_text()
    m = re.search(r"<!-- cluster: %s[^\n]*-->\n```\w+\n(.*?)```" % re.escape(mark), text, re.S)
    assert m, "README.md: no %r block" % mark
    return m.group(1)


def readme_host_command():
    """The words of the README's per-host command."""
    return shlex.split(readme_block("host command").replace("\\\n", " "))


def ip(*args, check=True):
    r = subprocess.run(["ip", *args], capture_output=True, text=True, timeout=30)
    if check and r.returncode != 0:
        raise AssertionError("ip %s: %s" % (" ".join(args), r.stderr.strip()))
    return r.stdout


def reap_stale():
    """Delete the namespaces of earlier runs whose process is gone (their
    veth pairs go with them)."""
    for ln in ip("netns", "list").splitlines():
        name = ln.split()[0] if ln.split() else ""
        m = NS_RE.match(name)
        if m and not Path("/proc/%d" % int(m.group(1), 16)).exists():
            ip("netns", "del", name, check=False)


def pick_subnet():
    """A third octet N such that nothing in the root namespace uses
    NET.N.0/24 yet.  Call with LOCK held, and claim it before letting go."""
    used = ip("-4", "-o", "addr") + ip("-4", "route", "show", "table", "all")
    taken = set(int(m) for m in re.findall(re.escape(NET) + r"\.(\d+)\.", used))
    start = os.getpid() % 250 + 1
    for k in range(250):
        n = (start + k - 1) % 250 + 1
        if n not in taken:
            return n
    raise AssertionError("no free /24 in %s.0.0/16" % NET)


def private_kib(pid):
    """Private_Clean + Private_Dirty of pid (smaps_rollup), or 0 if gone."""
    try:
        text = Path("/proc/%d/smaps_rollup" % pid).read_text()
    except OSError:
        return 0
    return sum(int(ln.split()[1]) for ln in text.splitlines()
               if ln.startswith(("Private_Clean:", "Private_Dirty:")))


def cpu_ticks(pid, children=False):
    """utime + stime of pid (and its reaped children's), in clock ticks."""
    try:
        f = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    t = int(f[11]) + int(f[12])
    return t + (int(f[13]) + int(f[14]) if children else 0)


class Host:
    """One namespace with its veth pair, and the wsinetd running in it."""

    def __init__(self, cluster, i, subnet):
        self.cluster, self.i = cluster, i
        self.name = "host%d" % i
        self.ns = "wscl-%x-%s-h%d" % (os.getpid(), cluster.tag, i)
        self.veth = "wc%sh%d" % (cluster.tag, i)
        self.gw = "%s.%d.%d" % (NET, subnet, 4 * i - 3)
        self.addr = "%s.%d.%d" % (NET, subnet, 4 * i - 2)
        self.server = None
        self.logs = []                  # one Server per start
        self.ticket = cluster.dir / ("ticket-%s.key" % self.name)
        ip("netns", "add", self.ns)
        cluster.made_ns.append(self.ns)
        ip("-n", self.ns, "link", "set", "lo", "up")
        ip("link", "add", self.veth, "type", "veth", "peer", "name", self.veth + "p",
           "netns", self.ns)
        cluster.made_links.append(self.veth)
        ip("addr", "add", self.gw + "/30", "dev", self.veth)
        ip("link", "set", self.veth, "up")
        ip("-n", self.ns, "addr", "add", self.addr + "/30", "dev", self.veth + "p")
        ip("-n", self.ns, "link", "set", self.veth + "p", "up")

    def argv(self):
        """The README's host command with this host's address and files,
        and echo for the target."""
        c = self.cluster
        subs = {"192.0.2.11:%d" % PORT: "%s:%d" % (self.addr, PORT),
                "/etc/wsinetd/tls.crt": str(c.crt), "/etc/wsinetd/tls.key": str(c.key),
                "/etc/wsinetd/tls-ticket.key": str(self.ticket),
                "tcp:127.0.0.1:5900": "echo"}
        words = readme_host_command()
        assert words[0] == "wsinetd" and all(words.count(k) == 1 for k in subs), words
        assert "--route" in words and HEALTH + "=echo" in words, words
        return ["ip", "netns", "exec", self.ns, c.w.bin, *c.extra_args,
                *(subs.get(w, w) for w in words[1:])]

    def start(self):
        c = self.cluster
        c.nstarts += 1
        log = c.dir / ("%s-%d.log" % (self.name, c.nstarts))
        self.server = Server(self.argv(), c.env, str(log), self.addr, PORT, "listening on")
        c.w.servers.append(self.server)      # the fixture scans its log
        self.logs.append(self.server)
        return self.server

    def log(self):
        """Everything this host's wsinetd wrote, every start of it."""
        return "".join(s.log() for s in self.logs)

    def pids(self):
        return [int(p) for p in ip("netns", "pids", self.ns, check=False).split()]

    def kill(self):
        """SIGKILL every process of the host: the parent and every handler
        (a crash, an OOM kill, a host that lost power)."""
        for p in self.pids():
            try:
                os.kill(p, signal.SIGKILL)
            except ProcessLookupError:
                pass
        wait_for(lambda: not self.pids(), 10, "%s's processes to die" % self.name)

    def accept_queue(self):
        """Connections waiting in the listening socket's accept queue
        (ss's Recv-Q for a listener)."""
        out = subprocess.run(["ip", "netns", "exec", self.ns, "ss", "-Hltn",
                              "sport = :%d" % PORT], capture_output=True, text=True,
                             timeout=30).stdout.split()
        return int(out[1]) if len(out) > 1 else 0

    def terminate_parent(self):
        """SIGTERM to the resident parent alone, as an operator's restart
        does; returns once it has exited."""
        self.server.proc.send_signal(signal.SIGTERM)
        self.server.proc.wait(10)

    def established(self):
        """TCP connections open on wsinetd's port."""
        out = subprocess.run(["ip", "netns", "exec", self.ns, "ss", "-Htn", "state",
                              "established", "sport = :%d" % PORT], capture_output=True,
                             text=True, timeout=30).stdout
        return len(out.splitlines())

    def private_kib(self):
        return sum(private_kib(p) for p in self.pids())

    def close(self):
        if self.server is not None:
            for p in self.pids():
                try:
                    os.kill(p, signal.SIGTERM)
                except ProcessLookupError:
                    pass
            for s in self.logs:
                stop_group(s.proc)


class Haproxy:
    """Debian's haproxy in the foreground with the example config."""

    def __init__(self, cluster):
        self.port = free_port()
        self.sock = cluster.short / "stats.sock"      # sun_path: 108 bytes
        text = EXAMPLE.read_text()
        subs = [("bind :443\n", "bind 127.0.0.1:%d\n" % self.port),
                ("log /dev/log local0\n", "log stderr format raw local0\n"),
                ("stats socket /run/haproxy/wsinetd.sock ", "stats socket %s " % self.sock)]
        subs += [("192.0.2.1%d:%d" % (h.i, PORT), "%s:%d" % (h.addr, PORT))
                 for h in cluster.hosts]
        for old, new in subs:
            assert text.count(old) == 1, "%s: expected one %r" % (EXAMPLE, old)
            text = text.replace(old, new)
        assert text.count("\n    server ") == len(cluster.hosts), text
        self.conf = cluster.dir / "haproxy.cfg"
        self.conf.write_text(text)
        self.logpath = cluster.dir / "haproxy.log"
        self._log = open(self.logpath, "wb")
        self.proc = subprocess.Popen(["haproxy", "-db", "-f", str(self.conf)],
                                     stdin=subprocess.DEVNULL, stdout=self._log,
                                     stderr=self._log, start_new_session=True)
        wait_for(lambda: self.sock.exists() or self.proc.poll() is not None, 15,
                 "haproxy's stats socket")
        if self.proc.poll() is not None:
            raise AssertionError("haproxy exited %s:\n%s" % (self.proc.returncode, self.log()))

    def log(self):
        return self.logpath.read_text(errors="replace")

    def command(self, cmd):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(10)
        s.connect(str(self.sock))
        s.sendall(cmd.encode() + b"\n")
        out = recv_all(s)
        s.close()
        return out.decode(errors="replace")

    def stat(self):
        """{server name: {field: value}} from "show stat"."""
        lines = self.command("show stat").splitlines()
        head = lines[0].lstrip("# ").split(",")
        out = {}
        for ln in lines[1:]:
            f = dict(zip(head, ln.split(",")))
            if f.get("pxname") == "wsinetd" and f.get("svname") not in ("BACKEND", None):
                out[f["svname"]] = f
        return out

    def sessions(self):
        """{client "ip:port": server name} of the sessions open now."""
        return dict(re.findall(r" src=(\S+) fe=wss be=wsinetd srv=(\S+) ",
                               self.command("show sess")))

    def status(self, name):
        return self.stat()[name]["status"]

    def stop(self):
        stop_group(self.proc)
        self._log.close()


class Cluster:
    def __init__(self, w, tmp, n=3, extra_args=()):
        self.w, self.extra_args = w, list(extra_args)
        self.dir = Path(tmp) / "cluster"
        self.dir.mkdir()
        self.tag = os.urandom(3).hex()
        self.made_ns, self.made_links, self.hosts = [], [], []
        self.haproxy = None
        self.nstarts = 0
        # Handlers run as nobody: their sanitizer reports need a directory
        # nobody may write; close() moves them where the fixture looks.
        self.short = Path(tempfile.mkdtemp(prefix="wscl-"))
        self.sandir = Path(tempfile.mkdtemp(prefix="wsinetd-cluster-san-"))
        self.sandir.chmod(0o1777)
        self.env = dict(w.env)
        for k in ("ASAN_OPTIONS", "UBSAN_OPTIONS"):
            self.env[k] = self.env[k].replace(str(w.sandir), str(self.sandir))
        try:
            self._build(n)
        except BaseException:
            self.close()
            raise

    def _build(self, n):
        self.crt, self.key = self_signed(self.dir)
        os.chmod(self.key, 0o600)
        self.ca = ssl.create_default_context(cafile=str(self.crt))
        master = self.dir / "ticket.key"
        r = self.w.run("--gen-ticket-key", master, allow_root=False)
        assert r.returncode == 0, r.stderr
        reap_stale()
        Path(LOCK).parent.mkdir(parents=True, exist_ok=True)
        with open(LOCK, "w") as lk:
            fcntl.flock(lk, fcntl.LOCK_EX)
            subnet = pick_subnet()
            for i in range(1, n + 1):
                self.hosts.append(Host(self, i, subnet))
        for h in self.hosts:
            shutil.copy(master, h.ticket)
            h.ticket.chmod(0o600)
            h.start()
        self.haproxy = Haproxy(self)
        self.wait_all_up()

    def rotate_ticket_key(self, hosts=None, fresh=True):
        """--gen-ticket-key a new key (fresh=False: the last one again) and
        put a copy on each of hosts (all by default), each by rename, as a
        distribution job would."""
        new = self.dir / "ticket.key"
        if fresh:
            r = self.w.run("--gen-ticket-key", new, allow_root=False)
            assert r.returncode == 0, r.stderr
        for h in hosts or self.hosts:
            tmp = h.ticket.with_suffix(".new")
            shutil.copy(new, tmp)
            tmp.chmod(0o600)
            os.rename(tmp, h.ticket)

    # ------------------------------------------------------------ state

    def host(self, name):
        return next(h for h in self.hosts if h.name == name)

    def _wait(self, pred, timeout, what):
        try:
            wait_for(pred, timeout, what)
        except AssertionError as e:
            raise AssertionError("%s; stat: %r\nhaproxy log:\n%s" % (
                e, self.haproxy.stat(), self.haproxy.log()[-3000:])) from None

    def wait_status(self, name, status, timeout=30):
        """Wait until HAProxy says `status` for host `name`; seconds taken."""
        t0 = time.monotonic()
        self._wait(lambda: self.haproxy.status(name) == status, timeout,
                   "haproxy to mark %s %s" % (name, status))
        return time.monotonic() - t0

    def wait_all_up(self, timeout=30):
        """Every host UP after a passed health check (L7OK: the 101)."""
        def ok():
            try:
                st = self.haproxy.stat()
            except OSError:             # the stats socket not listening yet
                return False
            return all(st[h.name]["status"] == "UP" and st[h.name]["check_status"] == "L7OK"
                       for h in self.hosts)
        self._wait(ok, timeout, "every host UP with a passed check")

    def set_state(self, name, state):
        """`echo "set server wsinetd/NAME state STATE" | socat stdio SOCKET`,
        as the README's rolling restart does (ready; drain: no new
        connections; maint), then wait for HAProxy to say so."""
        r = subprocess.run(["socat", "stdio", str(self.haproxy.sock)], capture_output=True,
                           text=True, timeout=30,
                           input="set server wsinetd/%s state %s\n" % (name, state))
        assert r.returncode == 0 and r.stdout.strip() == "", (r.stdout, r.stderr)
        want = {"ready": "UP", "drain": "DRAIN", "maint": "MAINT"}[state]
        self.wait_status(name, want)

    def only(self, *names):
        """Send new connections to these hosts only (the others in
        maintenance, their live connections untouched)."""
        # The chosen ones first, so that some host takes connections all
        # along.
        for h in sorted(self.hosts, key=lambda h: h.name not in names):
            self.set_state(h.name, "ready" if h.name in names else "maint")

    def access_lines(self, host):
        """The access lines of the test's clients on host."""
        return [ln for ln in host.log().splitlines()
                if re.match(r"%s:\d+ \"" % re.escape(CLIENT_ADDR), message(ln))]

    def other_lines(self, host):
        """Every handler line on host that is not a client's access line
        (the resident parents' own lines left out): the health checks
        must leave nothing here."""
        acc = set(self.access_lines(host))
        parents = {"wsinetd[%d]: " % s.proc.pid for s in host.logs}
        return [ln for ln in host.log().splitlines()
                if ln not in acc and not any(p in ln for p in parents)]

    # ------------------------------------------------------------ clients

    def tls_socket(self, session=None, timeout=20):
        """A blocking TLS socket through HAProxy, bound to CLIENT_ADDR."""
        raw = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        raw.bind((CLIENT_ADDR, 0))
        raw.settimeout(timeout)
        raw.connect(("127.0.0.1", self.haproxy.port))
        local = "%s:%d" % raw.getsockname()
        s = self.ca.wrap_socket(raw, server_hostname=SNI, session=session)
        return s, local

    def tls_echo(self, session=None, text="ping"):
        """One WebSocket echo over TLS through HAProxy: (local "ip:port",
        its TLS session (a ticket, once read), whether it resumed)."""
        s, local = self.tls_socket(session)
        c = RawClient(s)
        expect_accept(c.handshake(host=SNI))
        c.send(frame(OP_TEXT, text))
        assert c.read_message() == (OP_TEXT, text.encode())
        got = (local, s.session, s.session_reused)
        answer_close(c, 1000)
        return got

    def access_line(self, host, local, timeout=10):
        """host's access line for the client at local."""
        wait_for(lambda: any(message(ln).startswith(local + " ")
                             for ln in self.access_lines(host)), timeout,
                 "%s's access line for %s:\n%s" % (host.name, local, host.log()))
        return next(ln for ln in self.access_lines(host)
                    if message(ln).startswith(local + " "))

    async def echo_once(self, text="once"):
        """A short connection: one echo, close; its local "ip:port".  A
        failure names the connection and what HAProxy logged for it."""
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind((CLIENT_ADDR, 0))
        sock.setblocking(False)
        local = "%s:%d" % sock.getsockname()
        try:
            await asyncio.get_running_loop().sock_connect(sock, ("127.0.0.1", self.haproxy.port))
            async with self.ws_connect(sock=sock) as ws:
                await ws.send(text)
                assert await asyncio.wait_for(ws.recv(), 30) == text
            assert ws.close_code == 1000, ws.close_code
        except Exception as e:
            await asyncio.sleep(0.5)        # HAProxy logs a session at its end
            raise AssertionError("%s: %r; haproxy: %s" % (local, e, [
                ln for ln in self.haproxy.log().splitlines() if local + " " in ln])) from e
        return local

    def host_of(self, local, timeout=10):
        """The host whose access lines name the client at local."""
        def find():
            return next((h for h in self.hosts if any(
                message(ln).startswith(local + " ") for ln in self.access_lines(h))), None)
        return wait_for(find, timeout, "an access line for %s" % local)

    def ws_connect(self, **kw):
        """python3-websockets over TLS through HAProxy, from CLIENT_ADDR."""
        kw.setdefault("open_timeout", 60)
        kw.setdefault("close_timeout", 30)
        if "sock" not in kw:
            kw.update(host="127.0.0.1", port=self.haproxy.port, local_addr=(CLIENT_ADDR, 0))
        return websockets.connect("wss://%s:%d/" % (SNI, self.haproxy.port), ssl=self.ca,
                                  server_hostname=SNI, max_size=None, compression=None,
                                  ping_interval=None, **kw)

    def close(self):
        if self.haproxy is not None:
            self.haproxy.stop()
        for h in self.hosts:
            h.close()
        for ns in self.made_ns:
            ip("netns", "del", ns, check=False)
        for link in self.made_links:      # gone with their namespace, normally
            if Path("/sys/class/net/%s" % link).exists():
                ip("link", "del", link, check=False)
        for p in self.sandir.iterdir():
            shutil.move(str(p), str(self.w.sandir / p.name))
        shutil.rmtree(self.sandir, ignore_errors=True)
        shutil.rmtree(self.short, ignore_errors=True)


# ---------------------------------------------------------------- streams

class Stream:
    """One long connection echoing checksummed messages until told to
    stop; what happened to it, for the test to judge."""

    def __init__(self, i, size=4096):
        self.i, self.size = i, size
        self.rnd = random.Random(i)
        self.local = None
        self.sent = self.echoed = 0
        self.sha_sent, self.sha_back = hashlib.sha256(), hashlib.sha256()
        self.error = None               # the exception that ended it, if any
        self.ended_at = None
        self.close_code = None
        self.opened = asyncio.Event()

    async def run(self, cluster, stop, pause=0.05):
        try:
            async with cluster.ws_connect() as ws:
                self.local = "%s:%d" % tuple(ws.local_address[:2])
                self.opened.set()
                while not stop.is_set():
                    data = self.rnd.randbytes(self.size)
                    await asyncio.wait_for(ws.send(data), 30)
                    self.sent += 1
                    self.sha_sent.update(data)
                    back = await asyncio.wait_for(ws.recv(), 30)
                    assert back == data, "stream %d: echo %d differs" % (self.i, self.sent)
                    self.echoed += 1
                    self.sha_back.update(back)
                    await asyncio.sleep(pause)
                await ws.close()
                self.close_code = ws.close_code
        except Exception as e:          # judged by the test
            self.error = e
        finally:
            self.ended_at = time.monotonic()
            self.opened.set()

    @property
    def intact(self):
        """Everything sent came back, in order, and it closed with 1000."""
        return (self.error is None and self.close_code == 1000 and self.sent > 0 and
                self.echoed == self.sent and
                self.sha_sent.hexdigest() == self.sha_back.hexdigest())


def run_streams(cluster, middle, n=12):
    """Open n Streams through HAProxy (at least two on every host), then
    await middle(streams, on, tasks, out) with on = {local: host name} and
    out a dict for middle's findings, then stop the streams and wait for
    them.  Returns (streams, on, out)."""
    async def main():
        stop = asyncio.Event()
        streams = [Stream(i) for i in range(n)]
        tasks = [asyncio.create_task(s.run(cluster, stop)) for s in streams]
        await asyncio.wait_for(asyncio.gather(*(s.opened.wait() for s in streams)), 120)
        assert all(s.error is None for s in streams), [s.error for s in streams]
        sessions = cluster.haproxy.sessions()
        on = {s.local: sessions.get(s.local) for s in streams}
        counts = {h.name: list(on.values()).count(h.name) for h in cluster.hosts}
        assert all(k >= 2 for k in counts.values()), counts
        out = {"counts": counts}
        await middle(streams, on, tasks, out)
        stop.set()
        await asyncio.wait_for(asyncio.gather(*tasks), 60)
        return streams, on, out
    return asyncio.run(main())
