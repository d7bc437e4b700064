"""Under s6-networking's s6-tcpserver (the socket on fds 0 and 1) and
s6-tlsserver (TLS in s6-tlsd, pipes on fds 0 and 1, the SSL_* facts in
the environment): the echo works and the access line names the client,
with the TLS facts and by=ucspi under s6-tlsserver.  Debian 12 does not
package s6-networking, so on Debian 12 this case skips and says so; the
pipe and TLS paths are covered there by test_ucspi_pipes*.py and
test_ucspi_tls.py through tests/tools/pipe_tlsd.py."""

import shutil
import socket

import pytest

from front import client_ctx, make_pki
from harness import ROOT_ARGS, Server, free_port, wait_for
from ucspi_helpers import echo_once
from helpers import log_message, OP_TEXT, RawClient, answer_close, expect_accept, frame, wait_log_line

NOT_PACKAGED = ("s6-networking (s6-tcpserver, s6-tlsserver) is not packaged in Debian 12; "
                "the pipe and TLS paths are tested with tests/tools/pipe_tlsd.py instead")


def listening(port):
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def launch(wsinetd, argv, port, env=None):
    """The s6 server in argv on 127.0.0.1:port, once it accepts (it
    prints nothing when it starts)."""
    s = Server(argv, dict(wsinetd.env, **(env or {})), wsinetd._logpath(), "127.0.0.1",
               port, "")
    wsinetd.servers.append(s)
    wait_for(lambda: listening(port), what=argv[0] + " to listen")
    return s


def echo(c):
    """One message over the open RawClient c, then the close."""
    expect_accept(c.handshake())
    c.send(frame(OP_TEXT, "under s6"))
    assert c.read_message() == (OP_TEXT, b"under s6")
    answer_close(c, 1000)


@pytest.mark.parametrize("server", ["s6-tcpserver", "s6-tlsserver"])
def test_ucspi_s6(wsinetd, tmp_path, server):
    exe = shutil.which(server)
    if exe is None:
        pytest.skip(NOT_PACKAGED)
    port = free_port()
    if server == "s6-tcpserver":
        srv = launch(wsinetd, [exe, "127.0.0.1", str(port), wsinetd.bin, *ROOT_ARGS, "echo"],
                     port)
        echo_once(srv, "under s6-tcpserver")
        return
    ca, cert, key = make_pki(tmp_path / "pki")
    srv = launch(wsinetd, [exe, "127.0.0.1", str(port), wsinetd.bin, *ROOT_ARGS, "echo"],
                 port, env={"CERTFILE": str(cert), "KEYFILE": str(key)})
    raw = socket.create_connection(("127.0.0.1", port), timeout=10)
    me = "%s:%d" % raw.getsockname()
    s = client_ctx(ca).wrap_socket(raw, server_hostname="localhost")
    echo(RawClient(s))
    line = wait_log_line(srv, '"GET /" 101 target=echo', "close=1000")
    assert log_message(line).startswith(me + " "), line
    assert " sni=localhost by=ucspi" in line, line
