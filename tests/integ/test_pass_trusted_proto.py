"""http:// passthrough behind a --trust-forwarded proxy that sends
X-Forwarded-Proto but not always X-Forwarded-For (nginx set up with only
"proxy_set_header X-Forwarded-Proto $scheme" does this).  The proxy's
X-Forwarded-Proto and X-Forwarded-Host must reach the backend on every
request of the kept-alive connection, whether or not that request named a
client: trust belongs to the TCP peer, not to a request's headers.  So
must its X-Real-IP and Forwarded.  From an untrusted peer X-Forwarded-Proto
and -Host are replaced, and X-Real-IP and Forwarded, which wsinetd does not
write, are dropped: a backend that trusts its loopback peer for them would
otherwise believe what any client wrote."""

import json

import pytest

from pass_helpers import HttpBackend, connect, http_request, read_http_response


def exchange(srv, requests):
    s = connect(srv)
    seen, rest = [], b""
    for extra in requests:
        s.sendall(http_request("GET", "/x", "front.example", extra=extra))
        status, _, body, rest = read_http_response(s, rest)
        assert status == 200
        seen.append(json.loads(body)["headers"])
    s.close()
    return seen


PROXY = [("X-Forwarded-Proto", "https"), ("X-Forwarded-Host", "public.example"),
         ("X-Real-IP", "203.0.113.9"), ("Forwarded", "for=203.0.113.9;proto=https")]
REQUESTS = [PROXY, PROXY + [("X-Forwarded-For", "203.0.113.9")], PROXY]


TRUSTED = {"x-forwarded-proto": ["https"], "x-forwarded-host": ["public.example"],
           "x-real-ip": ["203.0.113.9"], "forwarded": ["for=203.0.113.9;proto=https"]}
UNTRUSTED = {"x-forwarded-proto": ["http"], "x-forwarded-host": ["front.example"],
             "x-real-ip": None, "forwarded": None}


@pytest.mark.parametrize("cidr, want", [("127.0.0.0/8", TRUSTED), ("192.0.2.0/24", UNTRUSTED)],
                         ids=["trusted", "untrusted"])
def test_pass_trusted_proto(wsinetd, cidr, want):
    b = HttpBackend()
    try:
        srv = wsinetd.socket_activate("--trust-forwarded", cidr, b.url("/"))
        seen = exchange(srv, REQUESTS)
        for h in seen:
            assert {k: h.get(k) for k in want} == want, seen
        # The TCP peer is appended to whatever the request carried.
        assert [h["x-forwarded-for"] for h in seen] == [
            ["127.0.0.1"], ["203.0.113.9, 127.0.0.1"], ["127.0.0.1"]]
    finally:
        b.close()
