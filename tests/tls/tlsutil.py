"""What the TLS cases share: client contexts trusting the test PKI, a raw
WebSocket client over an ssl.SSLSocket, a python3-websockets wss:// echo
session, a ClientHello made in memory, and readers for the access line's
TLS fields and the launcher's "Child N died with code X" lines.

Only loopback; every wait is bounded.
"""

import asyncio
import re
import socket
import ssl
import warnings
from dataclasses import dataclass
from pathlib import Path

import websockets

from harness import children, wait_for
from helpers import RawClient, check_echoes, expect_accept, wait_log_line


@dataclass
class Pki:
    dir: Path
    ca: Path
    alpha: tuple          # (cert, key)
    beta: tuple
    expired: tuple
    client_ca: Path
    alice: tuple
    mallory: tuple
    bob: tuple

    def args(self, *names):
        """--tls-cert/--tls-key pairs for the named server certificates, in order."""
        out = []
        for n in names:
            c, k = getattr(self, n)
            out += ["--tls-cert", str(c), "--tls-key", str(k)]
        return out

    def der(self, name):
        """DER bytes of a certificate: exactly what a server must send for it."""
        return der_of(getattr(self, name)[0])


def der_of(path):
    return ssl.PEM_cert_to_DER_cert(Path(path).read_text())


# ---------------------------------------------------------------- client side

def client_ctx(pki, verify=True, check_hostname=None, cert=None,
               alpn=("http/1.1",), min_version=None, max_version=None):
    """An SSLContext trusting the test CA (verify=True) or nothing checked;
    cert = (crt, key) to present a client certificate."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    if verify:
        ctx.load_verify_locations(str(pki.ca))
        ctx.check_hostname = True if check_hostname is None else check_hostname
    else:
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
    if cert:
        ctx.load_cert_chain(str(cert[0]), str(cert[1]))
    if alpn:
        ctx.set_alpn_protocols(list(alpn))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        if min_version:
            ctx.minimum_version = min_version
        if max_version:
            ctx.maximum_version = max_version
    return ctx


def client_hello(sni="alpha.test"):
    """The bytes of a real ClientHello (one TLS record), made in memory."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    inc, out = ssl.MemoryBIO(), ssl.MemoryBIO()
    obj = ctx.wrap_bio(inc, out, server_hostname=sni)
    try:
        obj.do_handshake()
    except ssl.SSLWantReadError:
        pass
    data = out.read()
    assert data[:1] == b"\x16" and len(data) > 100, data[:16]
    return data


class TlsClient(RawClient):
    """helpers.RawClient over an ssl.SSLSocket: the test sees the TLS facts
    (certificate served, version, cipher, ALPN, resumption) and speaks raw
    WebSocket bytes on top.  A TLS close or EOF reads as EOF."""

    @classmethod
    def connect(cls, host, port, ctx, sni=None, timeout=10, session=None):
        raw = socket.create_connection((host, port), timeout=timeout)
        try:
            s = ctx.wrap_socket(raw, server_hostname=sni or host, session=session)
        except BaseException:
            raw.close()
            raise
        return cls(s, timeout)

    # A TLS close (close_notify or not) ends the stream like a FIN.
    EOF_ERRORS = (ConnectionResetError, ssl.SSLZeroReturnError, ssl.SSLEOFError)

    @property
    def der(self):
        return self.sock.getpeercert(binary_form=True)

    def upgrade(self, **kw):
        expect_accept(self.handshake(**kw))
        return self


async def _wss_echo(host, port, ctx, sni, msgs, stream, timeout, path):
    kw = {"server_hostname": sni} if sni else {}
    url = "wss://%s:%d%s" % (host, port, path)
    async with websockets.connect(url, ssl=ctx, max_size=None, compression=None,
                                  ping_interval=None, open_timeout=timeout,
                                  close_timeout=timeout, max_queue=None, **kw) as ws:
        sslobj = ws.transport.get_extra_info("ssl_object")
        info = {
            "local": "%s:%d" % tuple(ws.local_address[:2]),
            "der": sslobj.getpeercert(binary_form=True),
            "version": sslobj.version(),
            "cipher": sslobj.cipher()[0],
            "alpn": sslobj.selected_alpn_protocol(),
        }
        await check_echoes(ws, msgs, stream, timeout)
        await ws.close()
        info["close"] = ws.close_code
    assert info["close"] == 1000, info["close"]
    return info


def wss_echo(srv, ctx, sni=None, msgs=(("text", "hello over TLS"), ("binary", b"\x00\xff" * 100)),
             stream=False, timeout=20, path="/"):
    """python3-websockets over wss:// to srv (by IP, so no SNI unless sni is
    given): send msgs, check each echo, close 1000.  Returns the TLS facts:
    local ip:port, peer certificate DER, version, cipher, ALPN."""
    return asyncio.run(_wss_echo(srv.host, srv.port, ctx, sni, list(msgs), stream, timeout, path))


# ---------------------------------------------------------------- server side

def access_line(srv, peer, timeout=5):
    """wsinetd's access line for the connection from peer (ip:port)."""
    return wait_log_line(srv, "wsinetd[", peer, " time=", timeout=timeout)


TLS_FIELDS = re.compile(r' (tls|cipher|sni|resumed|ktls)=(\S+)| client="((?:[^"\\]|\\.)*)"')


def tls_fields(line):
    """{"tls": "TLS1.3", "cipher": ..., "sni": ..., "resumed": "0", ["client": DN], ["ktls": ...]}
    from an access line (empty when the line has no TLS part)."""
    out = {}
    for m in TLS_FIELDS.finditer(line):
        if m.group(1):
            out[m.group(1)] = m.group(2)
        else:
            out["client"] = m.group(3)
    return out


def expect_tls_line(srv, peer, **want):
    """The access line for peer, checked to carry tls=, cipher=, sni=,
    resumed= and every field in want; returns (line, fields)."""
    line = access_line(srv, peer)
    f = tls_fields(line)
    for k in ("tls", "cipher", "sni", "resumed"):
        assert k in f, "access line lacks %s=: %r" % (k, line)
    assert f["resumed"] in ("0", "1"), line
    for k, v in want.items():
        assert f.get(k) == v, "access line %s=%r, wanted %r: %r" % (k, f.get(k), v, line)
    return line, f


CHILD_DIED = re.compile(r"Child (\d+) died with code (\d+)")


def exit_codes(srv):
    """Exit statuses of the handlers systemd-socket-activate has reaped."""
    return [int(m.group(2)) for m in CHILD_DIED.finditer(srv.log())]


def wait_exit_code(srv, n=1, timeout=8):
    """The exit status of the n-th handler to end (1-based)."""
    wait_for(lambda: len(exit_codes(srv)) >= n, timeout,
             "handler %d to exit; log:\n%s" % (n, srv.log()))
    return exit_codes(srv)[n - 1]


def wait_no_handlers(srv, timeout=5):
    """No wsinetd (child of the launcher) is left for any connection."""
    wait_for(lambda: not children(srv.proc.pid), timeout,
             "every handler to exit; still running: %r; log:\n%s"
             % (children(srv.proc.pid), srv.log()))


def tls_server(wsinetd, pki, *args, names=("alpha", "beta"), fdname="tls", extra_env=None):
    """wsinetd under systemd-socket-activate --accept --fdname=FDNAME with
    the named certificate pairs, then ARGS (options and TARGET)."""
    la = ("--fdname=%s" % fdname,) if fdname else ()
    return wsinetd.socket_activate(*pki.args(*names), *args, extra_env=extra_env,
                                   launcher_args=la)


class BioTls:
    """A TLS client on ssl.MemoryBIO over a plain socket, so a test decides
    how its records meet the wire: records(b1, b2, ...) encrypts each piece
    as its own record(s) and the test sends them in one TCP write."""

    def __init__(self, host, port, ctx, sni=None, timeout=10):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.inc, self.out = ssl.MemoryBIO(), ssl.MemoryBIO()
        self.obj = ctx.wrap_bio(self.inc, self.out, server_hostname=sni or host)
        self.local = "%s:%d" % self.sock.getsockname()[:2]
        while True:
            try:
                self.obj.do_handshake()
                break
            except ssl.SSLWantReadError:
                self._flush()
                self._pull()
        self._flush()

    def _flush(self):
        data = self.out.read()
        if data:
            self.sock.sendall(data)

    def _pull(self):
        b = self.sock.recv(1 << 16)
        if not b:
            self.inc.write_eof()
        else:
            self.inc.write(b)
        return bool(b)

    def records(self, *pieces):
        """The wire bytes of pieces, one write (so one or more records) each."""
        for p in pieces:
            self.obj.write(p)
        return self.out.read()

    def send_raw(self, data):
        self.sock.sendall(data)

    def recv(self, n=1 << 16):
        """Decrypted bytes (b"" at EOF)."""
        while True:
            try:
                return self.obj.read(n)
            except ssl.SSLWantReadError:
                self._flush()
                if not self._pull():
                    try:
                        return self.obj.read(n)
                    except (ssl.SSLWantReadError, ssl.SSLEOFError, ssl.SSLZeroReturnError):
                        return b""
            except ssl.SSLZeroReturnError:
                return b""

    def close(self):
        self.sock.close()


class BioReader(RawClient):
    """helpers.RawClient's frame reader on top of a BioTls (reading only)."""

    def __init__(self, bio, timeout=10):
        self.bio = bio
        super().__init__(bio.sock, timeout)

    def send(self, data):
        self.bio.send_raw(self.bio.records(data))

    def _recv(self, n):
        return self.bio.recv(n)
