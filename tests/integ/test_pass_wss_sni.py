"""wss:// passthrough to a python3-websockets server behind TLS: the
backend's certificate is verified with --backend-ca, the SNI it receives
is the URL's host name, and an IP literal URL sends no SNI at all (and is
verified against the certificate's IP address)."""

import asyncio

import websockets

from helpers import wait_log_line
from pass_helpers import WsBackend, make_pki, server_ctx


async def roundtrip(url):
    async with websockets.connect(url, compression=None, ping_interval=None,
                                  open_timeout=10, close_timeout=10) as ws:
        local = "%s:%d" % tuple(ws.local_address[:2])
        for m in ("one", b"\x00two" * 1000):
            await ws.send(m)
            assert await asyncio.wait_for(ws.recv(), 10) == m
    return local


def test_pass_wss_sni(wsinetd, tmp_path):
    pki = make_pki(tmp_path / "pki")
    b = WsBackend(ctx=server_ctx(*pki.localhost))
    try:
        by_name = wsinetd.socket_activate("--backend-ca", pki.ca, b.url("wss", host="localhost"))
        local = asyncio.run(roundtrip(by_name.url + "n"))
        wait_log_line(by_name, local, "101")
        assert b.snis == ["localhost"], b.snis

        by_ip = wsinetd.socket_activate("--backend-ca", pki.ca, b.url("wss", host="127.0.0.1"))
        asyncio.run(roundtrip(by_ip.url + "i"))
        assert b.snis == ["localhost", None], b.snis
        assert [r[0] for r in b.requests] == ["/n", "/i"], b.requests
        assert b.requests[0][1]["host"] == ["localhost:%d" % b.port]
        assert "NOT verified" not in by_name.log() + by_ip.log()
    finally:
        b.close()
