"""Requests a client would never send are refused before routing, with a
log line: a ".." path segment (plain or percent-encoded), which a
passthrough backend might resolve past its route's base path, and a
second Host header, which could route one way and be read another."""

from helpers import refused, upgrade_request


def test_route_400(wsinetd, tmp_path):
    srv = wsinetd.socket_activate("--route", "/app/=ws://127.0.0.1:9/app/", "echo")
    for path in ("/app/../admin", "/app/%2e%2e/admin", "/x/..", "/app/.%2E?q"):
        refused(srv, upgrade_request(path=path), 400)
    assert srv.log().count('".." path segment (clients remove them') == 4, srv.log()
    req = upgrade_request(path="/", extra=[("Host", "other.example")])
    refused(srv, req, 400)
    assert "more than one Host header, answered 400" in srv.log()

    (tmp_path / "www").mkdir()
    (tmp_path / "www" / "x.txt").write_text("x")
    web = wsinetd.socket_activate("--web", tmp_path / "www", "echo")
    refused(web, b"GET /x.txt HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400)
