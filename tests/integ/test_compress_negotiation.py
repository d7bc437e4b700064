"""--compress: the 101's Sec-WebSocket-Extensions for raw offers (RFC 7692
§7.1), end to end: each parameter, several offers and header lines, offers
declined (no header at all), malformed headers (400), and no extension
without --compress or without an offer."""

import pytest

from helpers import RawClient, expect_accept, refused, upgrade_request

EXT = "Sec-WebSocket-Extensions"

CASES = [
    (["permessage-deflate"], "permessage-deflate"),
    (["permessage-deflate; client_max_window_bits"], "permessage-deflate"),
    (["permessage-deflate; server_no_context_takeover; client_no_context_takeover"],
     "permessage-deflate; server_no_context_takeover; client_no_context_takeover"),
    (["permessage-deflate; client_max_window_bits=9; server_max_window_bits=10"],
     "permessage-deflate; server_max_window_bits=10; client_max_window_bits=9"),
    (['permessage-deflate; server_max_window_bits="12"'],
     "permessage-deflate; server_max_window_bits=12"),
    (["permessage-deflate; server_max_window_bits=8, permessage-deflate; server_max_window_bits=9"],
     "permessage-deflate; server_max_window_bits=9"),
    (["x-webkit-deflate-frame", "permessage-deflate; foo, permessage-deflate"],
     "permessage-deflate"),
    (["permessage-deflate; server_max_window_bits=8"], None),
    (["permessage-deflate; server_max_window_bits=16"], None),
    (["permessage-deflate; client_no_context_takeover=yes"], None),
    (["permessage-deflate; foo"], None),
    (["x-webkit-deflate-frame"], None),
    ([], None),
]


@pytest.mark.parametrize("offers,want", CASES, ids=[str(i) for i in range(len(CASES))])
def test_compress_negotiation(wsinetd, offers, want):
    srv = wsinetd.socket_activate("--compress", "echo")
    c = RawClient.connect(srv.host, srv.port)
    r = c.handshake(extra=[(EXT, o) for o in offers])
    expect_accept(r)
    assert r.header(EXT) == want, r
    c.close()


def test_compress_malformed_offer_400(wsinetd):
    srv = wsinetd.socket_activate("--compress", "echo")
    for bad in ("permessage-deflate;", 'permessage-deflate; a="b', "permessage-deflate x"):
        refused(srv, upgrade_request(extra=[(EXT, bad)]), 400)
    srv.wait_log("malformed Sec-WebSocket-Extensions, answered 400")


def test_compress_off_ignores_offers(wsinetd):
    """Without --compress the header is not read, not even when malformed."""
    srv = wsinetd.socket_activate("echo")
    for offer in ("permessage-deflate", "permessage-deflate;"):
        c = RawClient.connect(srv.host, srv.port)
        r = c.handshake(extra=[(EXT, offer)])
        expect_accept(r)
        assert r.header(EXT) is None, r
        c.close()
