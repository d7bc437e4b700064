"""Without a default TARGET, a request no route covers is refused with
404 and a log line naming host and path."""

from helpers import reached, refused, tagged, upgrade_request


def test_route_404(wsinetd, backend):
    a = tagged(backend, b"A")
    srv = wsinetd.socket_activate("--route", "/a=" + a.target,
                                  "--route", "only.example/b=" + a.target)
    assert reached(srv, "/a") == b"A"
    r = refused(srv, upgrade_request(path="/b/x"), 404)
    assert r.status == 404
    refused(srv, upgrade_request(path="/ab"), 404)
    log = srv.log()
    assert 'no route for host "localhost" path /b/x, answered 404' in log, log
