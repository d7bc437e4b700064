"""--route: the longest path prefix wins, on a segment boundary; the
default TARGET takes the rest; the access line names the route."""

from helpers import reached, tagged, wait_log_line


def test_route_by_path(wsinetd, backend):
    a, b, deep = (tagged(backend, t) for t in (b"A", b"B", b"DEEP"))
    d = tagged(backend, b"DEFAULT")
    srv = wsinetd.socket_activate("--route", "/a=" + a.target,
                                  "--route", "/b/=" + b.target,
                                  "--route", "/a/deep=" + deep.target,
                                  d.target)
    assert reached(srv, "/a") == b"A"
    assert reached(srv, "/a/x?y=1") == b"A"
    assert reached(srv, "/a/deep/er") == b"DEEP"
    assert reached(srv, "/a/deeper") == b"A"
    assert reached(srv, "/b/") == b"B"
    assert reached(srv, "/b") == b"B"
    assert reached(srv, "/ax") == b"DEFAULT"
    assert reached(srv, "/") == b"DEFAULT"
    wait_log_line(srv, '"GET /a/deep/er" 101 target=' + deep.target, "route=/a/deep")
