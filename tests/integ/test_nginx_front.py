"""A real nginx in front: the deployment where nginx owns port 443,
terminates TLS and proxies `location /_et/` to wsinetd running under
systemd-socket-activate --accept (what the EasyTier + Caddy/nginx recipes
do).  The client is python3-websockets over wss:// trusting a test CA.

Three shapes, each checked end to end (echoes of several messages, one
over 64 KiB) and in wsinetd's access line:

- `proxy_pass http://127.0.0.1:PORT/;` (trailing slash): nginx replaces
  /_et/ by /, so wsinetd sees /chat and routes `--route /chat=echo`;
- `proxy_pass http://127.0.0.1:PORT;` (no URI): nginx passes the whole
  path, so wsinetd routes `--route /_et/=echo --strip-prefix`;
- `--trust-forwarded 127.0.0.1` with nginx's X-Forwarded-For: the access
  line names the real client (connecting from 127.0.0.2), not nginx.

nginx runs in the foreground (daemon off) from a config in the test's tmp
directory, with its pid file, logs and temp paths there too; it is stopped
(TERM, then KILL) when the test ends, passed or failed.
"""

import asyncio
import os
import re
import shutil
import socket
import ssl
import subprocess
import time
from pathlib import Path

import pytest
import websockets

from harness import free_port, stop_group
from helpers import check_echoes, messages, wait_log_line

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
# Several messages, text and binary, up to one over 64 KiB (nginx relays
# frames as bytes; a 16-bit length is the largest with 65535).
MSGS = messages(sizes=(0, 1, 125, 126, 65535, 65536, 300000), seed=7)

CA = 'cn = "wsinetd nginx test CA"\nca\ncert_signing_key\nexpiration_days = 30\n'
SERVER = ('cn = "localhost"\ndns_name = "localhost"\nip_address = "127.0.0.1"\n'
          'tls_www_server\nsigning_key\nencryption_key\nexpiration_days = 30\n')

LOCATION = """
        location /_et/ {
            proxy_pass http://127.0.0.1:%(port)d%(uri)s;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection "upgrade";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_read_timeout 60s;
        }
"""

CONF = """daemon off;
master_process on;
worker_processes 1;
%(user)s
pid %(dir)s/nginx.pid;
error_log %(dir)s/error.log info;
events { worker_connections 64; }
http {
    access_log %(dir)s/access.log;
    client_body_temp_path %(dir)s/tmp/body;
    proxy_temp_path %(dir)s/tmp/proxy;
    fastcgi_temp_path %(dir)s/tmp/fastcgi;
    uwsgi_temp_path %(dir)s/tmp/uwsgi;
    scgi_temp_path %(dir)s/tmp/scgi;
    server {
        listen 127.0.0.1:%(port)d ssl;
        server_name localhost;
        ssl_certificate %(cert)s;
        ssl_certificate_key %(key)s;
%(locations)s
    }
}
"""


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    """(ca, cert, key): a test CA and a server certificate for
    localhost/127.0.0.1 that it signed, made with certtool (gnutls-bin)."""
    certtool = shutil.which("certtool")
    assert certtool, "certtool (Debian gnutls-bin) is needed to make test certificates"
    d = tmp_path_factory.mktemp("nginx-pki")

    def run(*args):
        r = subprocess.run([certtool, *map(str, args)], capture_output=True, timeout=30)
        assert r.returncode == 0, (args, r.stderr.decode(errors="replace"))

    for name, text in (("ca", CA), ("server", SERVER)):
        (d / (name + ".tmpl")).write_text(text)
        run("--generate-privkey", "--key-type", "ecdsa", "--outfile", d / (name + ".key"))
    run("--generate-self-signed", "--load-privkey", d / "ca.key",
        "--template", d / "ca.tmpl", "--outfile", d / "ca.crt")
    run("--generate-certificate", "--load-privkey", d / "server.key",
        "--load-ca-certificate", d / "ca.crt", "--load-ca-privkey", d / "ca.key",
        "--template", d / "server.tmpl", "--outfile", d / "server.crt")
    return d / "ca.crt", d / "server.crt", d / "server.key"


class Nginx:
    """Debian's nginx in the foreground with its own config, pid file, logs
    and temp paths in a fresh directory under tmp; TLS on 127.0.0.1:port."""

    def __init__(self, tmp, pki, locations):
        assert os.access(NGINX, os.X_OK), "nginx (Debian's nginx) is needed: run tests/deps.sh"
        self.port = free_port()
        self.dir = Path(tmp) / ("nginx-%d" % self.port)
        (self.dir / "tmp").mkdir(parents=True)
        _, cert, key = pki
        conf = self.dir / "nginx.conf"
        # As root, the worker would otherwise switch to nobody and could not
        # use the temp directories inside pytest's private tmp directory.
        user = "user root root;" if os.geteuid() == 0 else ""
        conf.write_text(CONF % dict(user=user, dir=self.dir, port=self.port,
                                    cert=cert, key=key, locations=locations))
        self.logpath = self.dir / "stderr.log"
        with open(self.logpath, "wb") as log:
            self.proc = subprocess.Popen(
                [NGINX, "-p", "%s/" % self.dir, "-c", str(conf), "-e", str(self.dir / "error.log")],
                stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True)
        end = time.monotonic() + 10
        while time.monotonic() < end and self.proc.poll() is None:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise AssertionError("nginx did not start (exit %s):\n%s" % (self.proc.returncode, self.logs()))

    def logs(self):
        out = []
        for name in ("stderr.log", "error.log", "access.log"):
            p = self.dir / name
            if p.exists():
                out.append("--- nginx %s:\n%s" % (name, p.read_text(errors="replace")[-3000:]))
        return "\n".join(out)

    def url(self, path):
        return "wss://127.0.0.1:%d%s" % (self.port, path)

    def stop(self):
        stop_group(self.proc)


@pytest.fixture
def nginx(tmp_path, pki):
    """nginx(wsinetd_port, uri="/") -> a running Nginx whose location /_et/
    proxies to 127.0.0.1:wsinetd_port with that proxy_pass URI part."""
    made = []

    def make(port, uri):
        n = Nginx(tmp_path, pki, LOCATION % dict(port=port, uri=uri))
        made.append(n)
        return n

    yield make
    for n in made:
        n.stop()


def client_ctx(pki):
    ctx = ssl.create_default_context(cafile=str(pki[0]))
    return ctx


async def _session(url, ctx, source=None, timeout=20):
    kw = {"local_addr": (source, 0)} if source else {}
    async with websockets.connect(url, ssl=ctx, max_size=None, open_timeout=timeout,
                                  close_timeout=timeout, ping_interval=None, **kw) as ws:
        await check_echoes(ws, MSGS, False, timeout)


def session(url, pki, source=None):
    asyncio.run(asyncio.wait_for(_session(url, client_ctx(pki), source), 120))


def refused_status(url, pki):
    async def go():
        try:
            async with websockets.connect(url, ssl=client_ctx(pki), open_timeout=20):
                return 101
        except websockets.exceptions.InvalidStatusCode as e:
            return e.status_code
    return asyncio.run(asyncio.wait_for(go(), 60))


def total_bytes():
    return sum(len(p if isinstance(p, bytes) else p.encode()) for _, p in MSGS)


def test_nginx_trailing_slash_strips(wsinetd, nginx, pki):
    """proxy_pass with a trailing slash: wsinetd sees /chat, not /_et/chat."""
    srv = wsinetd.socket_activate("--route", "/chat=echo")
    n = nginx(srv.port, "/")
    try:
        session(n.url("/_et/chat"), pki)
        line = wait_log_line(srv, '"GET /chat" 101 target=echo', "close=1000")
        # nginx is the peer; the route is the one that matched /chat.
        assert re.search(r': 127\.0\.0\.1:\d+ "GET /chat" 101 ', line), line
        assert line.endswith(" route=/chat"), line
        n_msgs = len(MSGS)
        assert " in=%d/%d out=%d/%d " % (total_bytes(), n_msgs, total_bytes(), n_msgs) in line, line
        # Anything else under /_et/ reaches wsinetd as a path with no route:
        # its 404 comes back through nginx.
        assert refused_status(n.url("/_et/nothing"), pki) == 404
        wait_log_line(srv, '"GET /nothing" 404')
    except BaseException:
        print(n.logs())
        raise


def test_nginx_full_path_strip_prefix(wsinetd, nginx, pki):
    """proxy_pass without a URI: nginx passes /_et/chat as it came, and
    wsinetd matches the /_et/ route (--strip-prefix passes /chat on)."""
    srv = wsinetd.socket_activate("--route", "/_et/=echo", "--strip-prefix")
    n = nginx(srv.port, "")
    try:
        session(n.url("/_et/chat"), pki)
        line = wait_log_line(srv, '"GET /_et/chat" 101 target=echo', "close=1000")
        assert line.endswith(" route=/_et/"), line
    except BaseException:
        print(n.logs())
        raise


def test_nginx_trust_forwarded(wsinetd, nginx, pki):
    """--trust-forwarded 127.0.0.1: the access line names the client nginx
    saw (127.0.0.2, from X-Forwarded-For), not nginx's own address."""
    srv = wsinetd.socket_activate("--trust-forwarded", "127.0.0.1", "--route", "/chat=echo")
    n = nginx(srv.port, "/")
    try:
        session(n.url("/_et/chat"), pki, source="127.0.0.2")
        line = wait_log_line(srv, '"GET /chat" 101 target=echo', "close=1000")
        assert ': 127.0.0.2 "GET /chat" 101 ' in line, line
        assert line.endswith(" route=/chat"), line
    except BaseException:
        print(n.logs())
        raise
