"""kTLS: GnuTLS turns it on only when its system config says so
(GNUTLS_SYSTEM_PRIORITY_FILE with "[global]\\nktls = true") and the kernel
has the tls ULP.  With that config the connection works end to end either
way; the access line says ktls= exactly when the kernel offers tls."""

from pathlib import Path

from helpers import messages
from tlsutil import client_ctx, expect_tls_line, tls_server, wss_echo


def test_ktls_config_falls_back_cleanly(wsinetd, pki, tmp_path):
    conf = tmp_path / "gnutls.config"
    conf.write_text("[global]\nktls = true\n")
    srv = tls_server(wsinetd, pki, "echo",
                     extra_env={"GNUTLS_SYSTEM_PRIORITY_FILE": str(conf)})
    msgs = messages((0, 1, 126, 65536, 1 << 20), seed=9)
    info = wss_echo(srv, client_ctx(pki), sni="alpha.test", msgs=msgs, timeout=60)
    assert info["der"] == pki.der("alpha")
    _, f = expect_tls_line(srv, info["local"])
    # Read after the connection: GnuTLS asking for the ULP may load the module.
    ulps = Path("/proc/sys/net/ipv4/tcp_available_ulp").read_text().split()
    if "tls" in ulps:
        assert f.get("ktls") in ("send+recv", "send", "recv"), (ulps, f)
    else:
        assert "ktls" not in f, "ktls= logged but the kernel has no tls ULP (%r): %r" % (ulps, f)
