"""--backend-insecure reaches a wss:// backend whose certificate would
not verify (no CA given, wrong name), and says so in a warning on every
connection."""

import asyncio

import websockets

from pass_helpers import WsBackend, make_pki, server_ctx


async def roundtrip(url):
    async with websockets.connect(url, compression=None, ping_interval=None,
                                  open_timeout=10, close_timeout=10) as ws:
        await ws.send("x")
        assert await asyncio.wait_for(ws.recv(), 10) == "x"


def test_pass_wss_insecure(wsinetd, tmp_path):
    pki = make_pki(tmp_path / "pki")
    b = WsBackend(ctx=server_ctx(*pki.other))
    try:
        srv = wsinetd.socket_activate("--backend-insecure", b.url("wss", host="localhost"))
        asyncio.run(roundtrip(srv.url))
        asyncio.run(roundtrip(srv.url))
        srv.wait_log("101")
        assert srv.log().count("certificate NOT verified (--backend-insecure)") == 2, srv.log()
        assert len(b.requests) == 2
    finally:
        b.close()
