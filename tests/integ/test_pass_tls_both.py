"""TLS on both sides: a client speaking TLS to wsinetd (--tls-cert)
reaches a wss:// backend; 1 MiB echoes both ways, and the backend sees
X-Forwarded-Proto: https."""

import asyncio
import ssl

import websockets

from helpers import random_bytes
from pass_helpers import WsBackend, make_pki, server_ctx


async def session(url, ctx):
    async with websockets.connect(url, ssl=ctx, max_size=None, compression=None,
                                  ping_interval=None, open_timeout=10, close_timeout=10) as ws:
        data = random_bytes(1 << 20, 3)
        await ws.send(data)
        assert await asyncio.wait_for(ws.recv(), 20) == data
        await ws.send("text")
        assert await asyncio.wait_for(ws.recv(), 20) == "text"


def test_pass_tls_both(wsinetd, tmp_path):
    pki = make_pki(tmp_path / "pki")
    b = WsBackend(ctx=server_ctx(*pki.localhost))
    try:
        crt, key = pki.localhost
        srv = wsinetd.socket_activate("--tls", "on", "--tls-cert", crt, "--tls-key", key,
                                      "--backend-ca", pki.ca, b.url("wss", host="localhost"))
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.load_verify_locations(str(pki.ca))
        asyncio.run(session("wss://localhost:%d/t" % srv.port, ctx))
        assert b.requests[0][0] == "/t"
        assert b.requests[0][1]["x-forwarded-proto"] == ["https"], b.requests
        assert "tls=TLS1.3" in srv.wait_log("101")
    finally:
        b.close()
