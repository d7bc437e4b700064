"""What the front-proxy deployment tests (test_nginx_front.py,
test_nginx_behind.py, test_caddy_front.py) share: a test CA and a server certificate for
127.0.0.1 made with certtool, a reverse proxy run in the foreground from a
config in the test's tmp directory (stopped with its whole process group,
TERM then KILL, whatever the test's outcome), and a python3-websockets
wss:// echo session through it, optionally from another loopback address
so a log line can tell the client from the proxy.

Only loopback; every wait is bounded.
"""

import asyncio
import os
import shutil
import socket
import ssl
import subprocess
import time
from pathlib import Path

import websockets

from certtool import Certtool
from harness import free_port, stop_group
from helpers import check_echoes, messages

# Several messages, text and binary, including ones over 64 KiB (a 16-bit
# frame length is the largest with 65535; past it the 64-bit form).
MSGS = messages(sizes=(0, 1, 125, 126, 65535, 65536, 300000), seed=7)
MSG_BYTES = sum(len(p if isinstance(p, bytes) else p.encode()) for _, p in MSGS)

CA = 'cn = "wsinetd front-proxy test CA"\nca\ncert_signing_key\nexpiration_days = 30\n'
SERVER = ('cn = "localhost"\ndns_name = "localhost"\nip_address = "127.0.0.1"\n'
          'tls_www_server\nsigning_key\nencryption_key\nexpiration_days = 30\n')


def make_pki(d):
    """(ca, cert, key) in directory d: a CA and a server certificate for
    localhost/127.0.0.1 that it signed (ECDSA, so it is quick)."""
    ct = Certtool(d)
    ca = ct.self_signed("ca", CA)
    server = ct.signed("server", SERVER, ca)
    return ca[0], server[0], server[1]


class Front:
    """A reverse proxy in the foreground on 127.0.0.1:port (TLS), from
    argv, with its output in dir/stderr.log.  logs() gathers stderr.log
    and whatever other files in dir end in .log."""

    def __init__(self, name, d, port, argv, env=None, timeout=15):
        self.name, self.dir, self.port = name, Path(d), port
        self.logpath = self.dir / "stderr.log"
        with open(self.logpath, "wb") as log:
            self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                         start_new_session=True, env=env)
        end = time.monotonic() + timeout
        while time.monotonic() < end and self.proc.poll() is None:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise AssertionError("%s did not start (exit %s):\n%s"
                             % (name, self.proc.returncode, self.logs()))

    def logs(self):
        out = []
        for p in sorted(self.dir.glob("*.log")):
            out.append("--- %s %s:\n%s" % (self.name, p.name, p.read_text(errors="replace")[-3000:]))
        return "\n".join(out)

    def url(self, path):
        return "wss://127.0.0.1:%d%s" % (self.port, path)

    def stop(self):
        stop_group(self.proc)


def new_dir(tmp, name):
    port = free_port()
    d = Path(tmp) / ("%s-%d" % (name, port))
    d.mkdir()
    return d, port


def client_ctx(ca):
    return ssl.create_default_context(cafile=str(ca))


async def _session(url, ctx, source, timeout):
    kw = {"local_addr": (source, 0)} if source else {}
    async with websockets.connect(url, ssl=ctx, max_size=None, open_timeout=timeout,
                                  close_timeout=timeout, ping_interval=None, **kw) as ws:
        await check_echoes(ws, MSGS, False, timeout)


def echo_session(url, ca, source=None, timeout=20):
    """MSGS over wss:// to url, each echoed whole; source binds the client."""
    asyncio.run(asyncio.wait_for(_session(url, client_ctx(ca), source, timeout), 120))


def upgrade_status(url, ca):
    """The HTTP status a wss:// upgrade at url gets (101 when it works)."""
    async def go():
        try:
            async with websockets.connect(url, ssl=client_ctx(ca), open_timeout=20):
                return 101
        except websockets.exceptions.InvalidStatusCode as e:
            return e.status_code
    return asyncio.run(asyncio.wait_for(go(), 60))


def io_counts():
    """The in=/out= part of the access line for one MSGS session."""
    return " in=%d/%d out=%d/%d " % (MSG_BYTES, len(MSGS), MSG_BYTES, len(MSGS))


def as_root():
    return os.geteuid() == 0


NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

# What every nginx config here has: the foreground master with one worker,
# its pid, error log and temp directories in its own directory.  As root
# the worker would switch to nobody, which cannot use temp directories
# inside pytest's private tmp directory: it stays root.
NGINX_MAIN = """daemon off;
master_process on;
worker_processes 1;
%(user)s
pid %(dir)s/nginx.pid;
error_log %(dir)s/error.log info;
events { worker_connections 64; }
http {
    client_body_temp_path %(dir)s/tmp/body;
    proxy_temp_path %(dir)s/tmp/proxy;
    fastcgi_temp_path %(dir)s/tmp/fastcgi;
    uwsgi_temp_path %(dir)s/tmp/uwsgi;
    scgi_temp_path %(dir)s/tmp/scgi;
%(http)s
}
"""


def start_nginx(tmp, http, setup=None):
    """Debian's nginx in the foreground on a free 127.0.0.1 port, from a
    config in a new directory under tmp: NGINX_MAIN around http(d, port),
    the rest of its http block.  setup(d) runs first (files it serves)."""
    assert os.access(NGINX, os.X_OK), "nginx (Debian's nginx) is needed: run tests/deps.sh"
    d, port = new_dir(tmp, "nginx")
    (d / "tmp").mkdir()
    if setup is not None:
        setup(d)
    conf = d / "nginx.conf"
    conf.write_text(NGINX_MAIN % dict(user="user root root;" if as_root() else "", dir=d,
                                      http=http(d, port)))
    return Front("nginx", d, port, [NGINX, "-p", "%s/" % d, "-c", str(conf),
                                    "-e", str(d / "error.log")])
