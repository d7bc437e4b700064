"""A TCP connection that sends nothing and closes (a load balancer's
connect check, a port scan, a browser's unused preconnect) gets one line at
-v and nothing at the default verbosity: no warning, no access line.  Both
ways of leaving (FIN, and a reset by SO_LINGER 0, which is how HAProxy
ends its checks), on a port that may speak TLS.  A client that completed a
TLS handshake did send something: its access line stays (with resumed=,
what `gnutls-cli --resume` is run to see)."""

import socket
import ssl
import struct
import time

from helpers import handler_lines, log_message, wait_log_line
from test_gnutls_loaded_only_for_tls import self_signed


def probe(srv, reset=False, tls_ctx=None):
    """Connect and leave without a request; our end's "ip:port"."""
    s = socket.create_connection((srv.host, srv.port), timeout=10)
    me = "%s:%d" % s.getsockname()
    if tls_ctx is not None:
        s = tls_ctx.wrap_socket(s, server_hostname="lazy.test")
    if reset:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    s.close()
    return me


def test_probe_silent_close(wsinetd, tmp_path):
    crt, key = self_signed(tmp_path)
    ctx = ssl.create_default_context(cafile=str(crt))
    tls = ("--tls", "auto", "--tls-cert", crt, "--tls-key", key)
    quiet = wsinetd.listen(*tls, "echo")
    loud = wsinetd.listen("-v", *tls, "echo")

    probe(quiet), probe(quiet, reset=True)
    quiet_shook = probe(quiet, tls_ctx=ctx)
    fin, rst, shook = probe(loud), probe(loud, reset=True), probe(loud, tls_ctx=ctx)
    wait_log_line(loud, fin + ": closed before sending a byte")
    wait_log_line(loud, rst + ": reset before sending a byte")
    wait_log_line(loud, shook + ": closed without a request")
    line = wait_log_line(quiet, quiet_shook + ' "- -" 0 target=- ')
    assert " tls=TLS1.3 " in line and " resumed=0" in line, line
    time.sleep(0.5)
    seen = [t for _, t in handler_lines(loud)]
    # fin, rst, and the handshake's -v line and access line.
    assert len(seen) == 4 and any(t.startswith(shook + ' "- -" 0 target=- ') for t in seen), \
        loud.log()
    assert [t for _, t in handler_lines(quiet)] == [log_message(line)], quiet.log()
