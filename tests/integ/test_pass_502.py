"""A URL target whose port is closed gets 502, with a log line."""

from helpers import free_port, refused, upgrade_request, wait_log_line


def test_pass_502(wsinetd):
    port = free_port()     # bound then closed: nothing listens there
    for url in ("ws://127.0.0.1:%d/" % port, "https://127.0.0.1:%d/" % port):
        srv = wsinetd.socket_activate(url)
        refused(srv, upgrade_request(), 502)
        refused(srv, b"GET /plain HTTP/1.1\r\nHost: h\r\n\r\n", 502)
        line = wait_log_line(srv, "backend " + url)
        assert "refused" in line and "502" in line, line
