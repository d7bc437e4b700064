"""32 MiB each way at once through an upgraded passthrough (a raw
protocol after a 101 from an echoing backend), checksummed: backpressure
holds both directions without loss or deadlock."""

import hashlib
import socket
import threading

from helpers import random_bytes
from pass_helpers import recv_all

SIZE = 32 << 20


def upgrade_echo(conn, backend):
    req = b""
    while b"\r\n\r\n" not in req:
        req += conn.recv(4096)
    head, rest = req.split(b"\r\n\r\n", 1)
    conn.sendall(b"HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\n"
                 b"Upgrade: raw-echo\r\n\r\n" + rest)
    while True:
        b = conn.recv(1 << 16)
        if not b:
            conn.shutdown(socket.SHUT_WR)
            return
        conn.sendall(b)


def test_pass_bulk(wsinetd, backend):
    b = backend(upgrade_echo)
    srv = wsinetd.socket_activate("http://127.0.0.1:%d/" % b.port)
    data = random_bytes(SIZE, 11)
    s = socket.create_connection((srv.host, srv.port), timeout=30)
    s.sendall(b"GET /raw HTTP/1.1\r\nHost: h\r\nConnection: Upgrade\r\nUpgrade: raw-echo\r\n\r\n")

    def send():
        s.sendall(data)
        s.shutdown(socket.SHUT_WR)
    t = threading.Thread(target=send, daemon=True)
    t.start()
    got = recv_all(s, 1 << 20)
    t.join(30)
    s.close()
    head, body = got.split(b"\r\n\r\n", 1)
    assert head.startswith(b"HTTP/1.1 101 "), head
    assert len(body) == SIZE and hashlib.sha256(body).digest() == hashlib.sha256(data).digest()
    log = srv.wait_log('"GET /raw" 101')
    assert " in=%d/0 out=%d/0 " % (SIZE, len(head) + 4 + SIZE) in log, log
