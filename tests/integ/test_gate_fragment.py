"""A hole next to issue 14 items 3 and 11: a '#' in the request target.
Clients keep the fragment (RFC 9112 §3.2: it is no part of a request
target), but nginx ends the path at '#', after wsinetd's ".." check had
looked at "..#" as one segment: /app/..# reached nginx as /base/..# and
returned the root's index, outside the route.  Any '#' is now 400 and
reaches no backend."""

from gate_helpers import exchange, nginx_backend, nginx_requests, status_of


def test_gate_fragment(wsinetd, tmp_path):
    n = nginx_backend(tmp_path)
    (n.dir / "www" / "index.html").write_text("ROOT-INDEX\n")
    try:
        srv = wsinetd.socket_activate("--strip-prefix", "--route", "/app/=" + n.base_url, "echo")
        for path in (b"/app/..#", b"/app/..#/x", b"/app/%2e%2e#", b"/app/ok#frag"):
            resp = exchange(srv, b"GET " + path + b" HTTP/1.1\r\nHost: h\r\n"
                            b"Connection: close\r\n\r\n")
            assert status_of(resp) == 400 and b"ROOT-INDEX" not in resp, (path, resp[:300])
        assert srv.log().count("a '#' in the request target, answered 400") == 4, srv.log()
        assert nginx_requests(n) == [], nginx_requests(n)
    except BaseException:
        print(n.logs())
        raise
    finally:
        n.stop()
