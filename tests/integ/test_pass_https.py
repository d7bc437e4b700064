"""https:// passthrough to python's http.server behind TLS: a POST is
answered through wsinetd's TLS client session (certificate verified with
--backend-ca), with SNI the URL's host name."""

import json

from pass_helpers import HttpBackend, connect, http_request, make_pki, read_http_response, server_ctx


def test_pass_https(wsinetd, tmp_path):
    pki = make_pki(tmp_path / "pki")
    snis = []
    b = HttpBackend(ctx=server_ctx(*pki.localhost, snis=snis))
    try:
        srv = wsinetd.socket_activate("--backend-ca", pki.ca, b.url("/", host="localhost"))
        s = connect(srv)
        s.sendall(http_request("POST", "/form", "front", body=b"a=1&b=2"))
        status, _, body, _ = read_http_response(s)
        s.close()
        assert status == 200
        got = json.loads(body)
        assert (got["method"], got["path"], got["body"]) == ("POST", "/form", "a=1&b=2")
        assert got["headers"]["host"] == ["localhost:%d" % b.port]
        assert got["headers"]["x-forwarded-proto"] == ["http"]
        assert snis == ["localhost"], snis
    finally:
        b.close()
