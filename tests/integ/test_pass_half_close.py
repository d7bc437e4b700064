"""Half-close passes through in both directions while the other one goes
on: the client's FIN reaches the backend, which still answers; the
backend's FIN reaches the client, which can still send (a request,
whose body comes in two writes)."""

import socket
import time

from pass_helpers import recv_all


def fin_first(conn, backend):
    """Read the request to EOF (the client's FIN), then answer."""
    backend.got = recv_all(conn)
    time.sleep(0.3)
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nafter")

def answer_then_fin(conn, backend):
    """Answer, send FIN, then keep reading what the client sends."""
    data = b""
    while b"\r\n\r\n" not in data:
        data += conn.recv(65536)
    conn.sendall(b"HTTP/1.1 200 OK\r\n\r\nbye")
    conn.shutdown(socket.SHUT_WR)
    backend.got = data + recv_all(conn)

def test_pass_half_close(wsinetd, backend):
    b1 = backend(fin_first)
    srv = wsinetd.socket_activate("http://127.0.0.1:%d/" % b1.port)
    s = socket.create_connection((srv.host, srv.port), timeout=10)
    s.sendall(b"POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\n\r\nbody")
    s.shutdown(socket.SHUT_WR)
    assert recv_all(s).endswith(b"\r\n\r\nafter")
    s.close()
    assert b1.got.startswith(b"POST /x HTTP/1.1\r\n") and b1.got.endswith(b"\r\n\r\nbody")

    b2 = backend(answer_then_fin)
    srv2 = wsinetd.socket_activate("http://127.0.0.1:%d/" % b2.port)
    s = socket.create_connection((srv2.host, srv2.port), timeout=10)
    s.sendall(b"GET /y HTTP/1.1\r\nHost: h\r\n\r\n")
    assert recv_all(s) == b"HTTP/1.1 200 OK\r\n\r\nbye"     # EOF seen
    s.sendall(b"POST /z HTTP/1.1\r\nHost: h\r\nContent-Length: 24\r\n\r\nstill talking")
    time.sleep(0.2)
    s.sendall(b", then done")
    s.shutdown(socket.SHUT_WR)
    b2.done.wait(10)
    s.close()
    assert b2.got.endswith(b"\r\n\r\nstill talking, then done"), b2.got
