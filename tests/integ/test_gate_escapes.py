"""Escapes that no client sends and some backend misreads are refused with
400 before a byte reaches the backend (black-box attack F6): "..%3b" (a
backend that decodes before it drops ";params" resolves "..;" as ".."),
"%00" (a C string ends there: the backend's check and its open see two
names), and overlong UTF-8 ("%c0%ae" is '.' to a lax decoder, so
"%c0%ae%c0%ae" climbs like ".."; likewise "%e0%80%ae").  A plain "%3b",
"%c3%a9" (é) or "%e0%a4%85" (a valid 3-byte form) still passes."""

from gate_helpers import SECRET, exchange, nginx_backend, nginx_requests, status_of


def test_gate_escapes(wsinetd, tmp_path):
    n = nginx_backend(tmp_path)
    try:
        srv = wsinetd.socket_activate("--strip-prefix", "--route", "/app/=" + n.base_url, "echo")
        dots = ("/app/..%3b/secret", "/app/..%3B/secret", "/app/.%2e%3bx/secret")
        escapes = ("/app/.%00./secret", "/app/a%00b", "/app/%c0%ae%c0%ae/secret",
                   "/app/%C0%AE%C0%AE/secret", "/app/%c1%9c", "/app/%e0%80%ae%e0%80%ae/secret")
        for path in dots + escapes:
            resp = exchange(srv, b"GET %s HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n"
                            % path.encode())
            assert status_of(resp) == 400, (path, resp[:300])
            assert SECRET not in resp
        log = srv.log()
        assert log.count('".." path segment') == len(dots), log
        assert log.count("%00 or an overlong UTF-8 escape in the path") == len(escapes), log
        assert nginx_requests(n) == [], nginx_requests(n)
        for ok in ("/app/a%3bb", "/app/caf%c3%a9", "/app/%e0%a4%85"):
            resp = exchange(srv, b"GET %s HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n"
                            % ok.encode())
            assert status_of(resp) == 404, (ok, resp[:300])     # nginx: no such file
        assert len(nginx_requests(n)) == 3, nginx_requests(n)
    except BaseException:
        print(n.logs())
        raise
    finally:
        n.stop()
