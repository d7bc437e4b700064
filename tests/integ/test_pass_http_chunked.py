"""Pipelined requests through an http:// passthrough, all in one write: a
chunked POST (extension and trailer included) and a GET after it.  The
backend gets the chunked body byte for byte and both heads rewritten,
so request framing found where the body ended."""

import socket

from pass_helpers import recv_all


def record_all(conn, backend):
    backend.got = recv_all(conn)
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")


def test_pass_http_chunked(wsinetd, backend):
    b = backend(record_all)
    srv = wsinetd.socket_activate("--strip-prefix",
                                  "--route", "/app/=http://127.0.0.1:%d/base/" % b.port)
    body = (b"5;ext=1\r\nhello\r\n1A\r\nabcdefghijklmnopqrstuvwxyz\r\n"
            b"0\r\nX-Trailer: t\r\n\r\n")
    s = socket.create_connection((srv.host, srv.port), timeout=10)
    s.sendall(b"POST /app/up HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n" + body +
              b"GET /app/next?q=1 HTTP/1.1\r\nHost: b\r\n\r\n")
    s.shutdown(socket.SHUT_WR)
    got = recv_all(s)
    s.close()
    assert got == b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", got
    head1 = (b"POST /base/up HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nTransfer-Encoding: chunked\r\n"
             b"X-Forwarded-For: 127.0.0.1\r\nX-Forwarded-Proto: http\r\nX-Forwarded-Host: a\r\n\r\n"
             % b.port)
    head2 = (b"GET /base/next?q=1 HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
             b"X-Forwarded-For: 127.0.0.1\r\nX-Forwarded-Proto: http\r\nX-Forwarded-Host: b\r\n\r\n"
             % b.port)
    assert b.got == head1 + body + head2, b.got
