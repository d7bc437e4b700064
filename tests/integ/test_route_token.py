"""--token-file: ?token=NAME picks the line NAME: HOST:PORT (websockify's
format); the file is read per connection, so an edit applies to the next
one; an unknown token is 404; without a token the routes apply."""

from helpers import reached, refused, tagged, upgrade_request, wait_log_line


def test_route_token(wsinetd, backend, tmp_path):
    a, b, d = (tagged(backend, t) for t in (b"A", b"B", b"D"))
    tokens = tmp_path / "tokens"
    tokens.write_text("# noVNC targets\n\none: 127.0.0.1:%d\n two :127.0.0.1:%d \n"
                      % (a.port, b.port))
    tokens.chmod(0o644)
    tmp_path.chmod(0o755)           # read per connection, as nobody under --user
    srv = wsinetd.socket_activate("--token-file", tokens, d.target)
    assert reached(srv, "/websockify?token=one") == b"A"
    assert reached(srv, "/?x=1&token=two") == b"B"
    assert reached(srv, "/websockify") == b"D"
    wait_log_line(srv, "target=tcp:127.0.0.1:%d" % b.port, "route=token")

    tokens.write_text("one: 127.0.0.1:%d\n" % b.port)     # between connections
    assert reached(srv, "/websockify?token=one") == b"B"
    refused(srv, upgrade_request(path="/websockify?token=two"), 404)
    assert "token two is not in %s, answered 404" % tokens in srv.log()
