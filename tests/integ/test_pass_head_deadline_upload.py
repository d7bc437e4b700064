"""The response head's deadline counts from the last request byte that
reached the backend: a body sent slowly (5 pieces, 0.8 s apart, 3.2 s in
all with --handshake-timeout 2) to a backend that answers once it has it
all gets the backend's 200, not a 504."""

import socket
import time


def answer_after_body(conn, backend):
    data = b""
    while b"\r\n\r\n" not in data:
        got = conn.recv(4096)
        if not got:
            return
        data += got
    head, body = data.split(b"\r\n\r\n", 1)
    while len(body) < 50:
        got = conn.recv(4096)
        if not got:
            return
        body += got
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n"
                 b"Connection: close\r\n\r\nok")


def test_pass_head_deadline_upload(wsinetd, backend):
    b = backend(answer_after_body)
    srv = wsinetd.socket_activate(
        "--handshake-timeout", "2",
        "--route", "/h=http://127.0.0.1:%d/" % b.port, "echo")
    s = socket.create_connection((srv.host, srv.port), timeout=15)
    s.sendall(b"POST /h HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n"
              b"Connection: close\r\n\r\n")
    for _ in range(5):
        time.sleep(0.8)
        s.sendall(b"x" * 10)
    got = b""
    while not got.endswith(b"ok"):
        d = s.recv(4096)
        if not d:
            break
        got += d
    s.close()
    assert got.startswith(b"HTTP/1.1 200 OK\r\n"), got[:200]
    assert got.endswith(b"\r\n\r\nok"), got[:200]
