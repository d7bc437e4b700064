"""--route HOST/PATH=TARGET: a route naming the Host beats one without,
even a longer one; the port is stripped, case is ignored, IPv6 literals
lose their brackets."""

from helpers import reached, tagged


def test_route_by_host(wsinetd, backend):
    a, v6, path, d = (tagged(backend, t) for t in (b"A", b"V6", b"PATH", b"D"))
    srv = wsinetd.socket_activate("--route", "a.example/=" + a.target,
                                  "--route", "[::1]/=" + v6.target,
                                  "--route", "/long/path=" + path.target,
                                  d.target)
    assert reached(srv, "/", host="a.example") == b"A"
    assert reached(srv, "/long/path", host="A.Example:8443") == b"A"
    assert reached(srv, "/long/path", host="b.example") == b"PATH"
    assert reached(srv, "/", host="b.example") == b"D"
    assert reached(srv, "/", host="[::1]:8080") == b"V6"
    assert reached(srv, "/", host="[::1]") == b"V6"
