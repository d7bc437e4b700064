"""After the upgrade over TLS, a client sends the first bytes of a TLS
record and then resets the connection (or closes it): wsinetd's process
for it is gone within a few seconds, its access line is logged, and the
launcher serves the next connection.  A client that ends TLS with
close_notify but no WebSocket Close is logged with close=1006."""

import os
import socket
import struct

from helpers import OP_TEXT, frame
from tlsutil import (TlsClient, access_line, client_ctx, tls_server,
                     wait_exit_code, wait_no_handlers, wss_echo)


def abort(srv, pki, reset):
    c = TlsClient.connect(srv.host, srv.port, client_ctx(pki), sni="alpha.test")
    c.upgrade()
    c.send(frame(OP_TEXT, "before the abort"))
    assert c.read_message() == (OP_TEXT, b"before the abort")
    peer = c.local
    # The raw TCP socket under the TLS one: half an application-data record.
    raw = socket.socket(fileno=os.dup(c.sock.fileno()))
    raw.sendall(b"\x17\x03\x03\x00\x40" + os.urandom(20))
    if reset:
        raw.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    raw.close()
    c.sock.close()
    wait_no_handlers(srv, timeout=4)
    line = access_line(srv, peer)
    assert " 101 " in line, line
    assert wait_exit_code(srv) in (0, 1), srv.log()
    info = wss_echo(srv, client_ctx(pki), sni="alpha.test")
    assert info["der"] == pki.der("alpha")


def test_abort_mid_record_reset(wsinetd, pki):
    srv = tls_server(wsinetd, pki, "echo")
    abort(srv, pki, reset=True)


def test_abort_mid_record_close(wsinetd, pki):
    srv = tls_server(wsinetd, pki, "echo")
    abort(srv, pki, reset=False)


def test_close_notify_without_ws_close(wsinetd, pki):
    srv = tls_server(wsinetd, pki, "echo")
    c = TlsClient.connect(srv.host, srv.port, client_ctx(pki), sni="alpha.test")
    c.upgrade()
    peer = c.local
    raw = c.sock.unwrap()       # sends close_notify, waits for the server's
    raw.close()
    wait_no_handlers(srv, timeout=4)
    line = access_line(srv, peer)
    assert " 101 " in line and "close=1006" in line, line
