"""Backend to client over TLS with a slow client: a tcp: backend sends
6 MiB and closes while the client (small receive buffer) does not read for
a second, so wsinetd's TLS writes hit EAGAIN in the middle of records.
Every byte must arrive, in order (SHA-256), then Close 1000."""

import hashlib
import socket
import time

from helpers import OP_BIN, OP_CLOSE, Backend, close_frame, random_bytes
from tlsutil import TlsClient, client_ctx, expect_tls_line, tls_server

DATA = random_bytes(6 << 20, 11)


def send_all_then_close(conn, backend):
    conn.sendall(DATA)
    conn.shutdown(socket.SHUT_WR)
    while conn.recv(65536):
        pass


def test_slow_reader_gets_everything(wsinetd, pki):
    b = Backend(send_all_then_close)
    try:
        srv = tls_server(wsinetd, pki, b.target)
        raw = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        raw.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        raw.settimeout(30)
        raw.connect((srv.host, srv.port))
        c = TlsClient(client_ctx(pki).wrap_socket(raw, server_hostname="alpha.test"), timeout=30)
        c.upgrade(host="alpha.test")
        time.sleep(1.0)
        got, h = 0, hashlib.sha256()
        while True:
            m = c.read_message()
            assert m is not None, "EOF after %d bytes" % got
            op, payload = m
            if op == OP_CLOSE:
                break
            assert op == OP_BIN, op
            h.update(payload)
            got += len(payload)
        assert got == len(DATA) and h.hexdigest() == hashlib.sha256(DATA).hexdigest(), got
        assert payload[:2] == b"\x03\xe8", payload
        c.send(close_frame(1000))
        c.read_to_eof()
        peer = c.local
        c.close()
        line, _ = expect_tls_line(srv, peer)
        assert "close=1000" in line and "out=%d/" % len(DATA) in line, line
        assert not b.errors, b.errors
    finally:
        b.close()
