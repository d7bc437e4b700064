"""Issue 14 item 3: "%2F" (and "%5C", '\\', ';') end a path segment for
the ".." check, as they do for backends that decode before removing dot
segments: nginx served /app/..%2fsecret from outside the route.  Each
form is refused with 400 and never reaches nginx; a %2F that forms no
".." segment still passes."""

from gate_helpers import SECRET, exchange, nginx_backend, nginx_requests, status_of


def test_gate_pct2f(wsinetd, tmp_path):
    n = nginx_backend(tmp_path)
    try:
        srv = wsinetd.socket_activate("--strip-prefix", "--route", "/app/=" + n.base_url, "echo")
        bad = ("/app/..%2fsecret", "/app/%2e%2e%2fsecret", "/app/.%2e%2Fsecret",
               "/app/..%5csecret", "/app/..%5Csecret", "/app/..\\secret",
               "/app/..;x/secret", "/app/x/..%2F..%2Fsecret")
        for path in bad:
            resp = exchange(srv, b"GET %s HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n"
                            % path.encode())
            assert status_of(resp) == 400, (path, resp[:300])
            assert SECRET not in resp
        assert srv.log().count('".." path segment') == len(bad), srv.log()
        assert nginx_requests(n) == [], nginx_requests(n)
        # Not a dot segment: passed on (nginx decodes it: no such file).
        resp = exchange(srv, b"GET /app/a%2Fb HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n")
        assert status_of(resp) == 404, resp[:300]
        assert nginx_requests(n) == ["GET /base/a%2Fb HTTP/1.1"], nginx_requests(n)
    except BaseException:
        print(n.logs())
        raise
    finally:
        n.stop()
