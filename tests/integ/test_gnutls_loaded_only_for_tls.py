"""A plain connection does not load GnuTLS; a TLS one on the same socket does.

wsinetd does not link GnuTLS: it dlopen()s it when a connection turns out
to be TLS, so the start-up of a plain connection is what it was before TLS
existed.  Under `--tls auto` both kinds arrive on one socket; the handler's
/proc/PID/maps shows which libraries that process mapped.
"""

import socket
import ssl
import subprocess
from pathlib import Path

from harness import children, wait_for
from helpers import RawClient, answer_close, expect_accept, wait_child


def self_signed(tmp_path):
    key, crt, tmpl = tmp_path / "k.pem", tmp_path / "c.pem", tmp_path / "t.tmpl"
    tmpl.write_text('cn = "lazy.test"\ndns_name = "lazy.test"\ntls_www_server\n'
                    'expiration_days = 2\n')
    subprocess.run(["certtool", "--generate-privkey", "--key-type", "ecdsa",
                    "--outfile", str(key)], check=True, capture_output=True)
    subprocess.run(["certtool", "--generate-self-signed", "--load-privkey", str(key),
                    "--template", str(tmpl), "--outfile", str(crt)],
                   check=True, capture_output=True)
    return crt, key


def mapped_libraries(srv):
    pid = wait_child(srv.proc.pid)
    return Path("/proc/%d/maps" % pid).read_text()


def test_gnutls_loaded_only_for_tls(wsinetd, tmp_path):
    crt, key = self_signed(tmp_path)
    srv = wsinetd.socket_activate("--tls", "auto", "--tls-cert", crt, "--tls-key", key, "echo")

    plain = RawClient.connect(srv.host, srv.port)
    expect_accept(plain.handshake())
    maps = mapped_libraries(srv)
    assert "/wsinetd" in maps and "libc.so" in maps, "maps not read from the handler"
    assert "libgnutls" not in maps, "a plain connection loaded GnuTLS"
    answer_close(plain, 1000)
    wait_for(lambda: not children(srv.proc.pid), what="the plain handler to exit")

    ctx = ssl.create_default_context(cafile=str(crt))
    sock = ctx.wrap_socket(socket.create_connection((srv.host, srv.port), timeout=10),
                           server_hostname="lazy.test")
    tls = RawClient(sock)
    expect_accept(tls.handshake())
    assert "libgnutls.so.30" in mapped_libraries(srv), "a TLS connection without GnuTLS?"
    answer_close(tls, 1000)
