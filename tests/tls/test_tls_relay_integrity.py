"""Relay integrity over TLS: binary messages of 0, 1, 125, 126, 65535,
65536 bytes, 1 MiB and 4 MiB (and text of the same sizes) echoed through
the `echo` target and through a tcp: echo backend, checked by SHA-256;
then node's `ws` over wss:// with the test CA in NODE_EXTRA_CA_CERTS."""

import json
import subprocess

from harness import ROOT
from helpers import Backend, echo_handler, messages, wait_log_line
from tlsutil import client_ctx, expect_tls_line, tls_server, wss_echo

SIZES = (0, 1, 125, 126, 65535, 65536, 1 << 20, 4 << 20)


def test_relay_integrity_echo(wsinetd, pki):
    srv = tls_server(wsinetd, pki, "echo")
    msgs = messages(SIZES, seed=7)
    info = wss_echo(srv, client_ctx(pki), sni="alpha.test", msgs=msgs, timeout=60)
    line, _ = expect_tls_line(srv, info["local"])
    total = sum(SIZES) * 2
    assert "in=%d/%d " % (total, len(msgs)) in line, line
    assert "out=%d/%d " % (total, len(msgs)) in line, line


def test_relay_integrity_tcp(wsinetd, pki):
    b = Backend(echo_handler)
    try:
        srv = tls_server(wsinetd, pki, b.target)
        msgs = [m for m in messages(SIZES, seed=8) if m[0] == "binary"]
        info = wss_echo(srv, client_ctx(pki), sni="beta.test", msgs=msgs, stream=True, timeout=60)
        assert info["der"] == pki.der("beta")
        expect_tls_line(srv, info["local"], sni="beta.test")
        assert not b.errors, b.errors
    finally:
        b.close()


def test_relay_integrity_node_ws(wsinetd, pki):
    srv = tls_server(wsinetd, pki, "echo")
    env = dict(wsinetd.env, NODE_EXTRA_CA_CERTS=str(pki.ca))
    url = "wss://127.0.0.1:%d/" % srv.port
    r = subprocess.run(["node", str(ROOT / "tests" / "node" / "echo_client.js"), url,
                        *map(str, SIZES)], capture_output=True, text=True, timeout=90, env=env)
    assert r.returncode == 0, r.stdout + r.stderr
    assert json.loads(r.stdout) == {"messages": 2 * len(SIZES), "close": 1000}
    line = wait_log_line(srv, "wsinetd[", "close=1000")
    assert " tls=" in line and " sni=- " in line, line
