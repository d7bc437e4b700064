"""A backend that accepts and closes without a byte of response gets the
client a 502 (not a silent close), with a log line saying so."""

from helpers import refused, wait_log_line


def closer(conn, backend):
    conn.recv(65536)       # the request, then close without answering


def test_pass_502_no_response(wsinetd, backend):
    b = backend(closer)
    srv = wsinetd.socket_activate("http://127.0.0.1:%d/" % b.port)
    refused(srv, b"GET /x HTTP/1.1\r\nHost: h\r\n\r\n", 502)
    wait_log_line(srv, "closed the connection without a response")
