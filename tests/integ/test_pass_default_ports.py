"""Default ports: ws://HOST/ connects to port 80 and wss://HOST/ to 443,
and the Host header then carries no port.  (The parsing itself is
t_route's; this checks the connection really goes there.)  Each build
variant uses its own loopback address, so parallel runs do not collide."""

import asyncio

import websockets

from pass_helpers import WsBackend, make_pki, server_ctx

ADDR = {"plain": "127.0.0.2", "asan": "127.0.0.3"}


async def roundtrip(url):
    async with websockets.connect(url, compression=None, ping_interval=None,
                                  open_timeout=10, close_timeout=10) as ws:
        await ws.send("p")
        assert await asyncio.wait_for(ws.recv(), 10) == "p"


def test_pass_default_ports(wsinetd, tmp_path):
    addr = ADDR.get(wsinetd.variant, "127.0.0.4")
    pki = make_pki(tmp_path / "pki")
    plain = WsBackend(host=addr, port=80)
    tls = WsBackend(ctx=server_ctx(*pki.localhost), host=addr, port=443)
    try:
        srv = wsinetd.socket_activate("ws://%s/" % addr)
        asyncio.run(roundtrip(srv.url))
        # The certificate names 127.0.0.1, not this address: skip the check.
        srv = wsinetd.socket_activate("--backend-insecure", "wss://%s/" % addr)
        asyncio.run(roundtrip(srv.url))
        assert plain.requests[0][1]["host"] == [addr], plain.requests
        assert tls.requests[0][1]["host"] == [addr], tls.requests
    finally:
        plain.close()
        tls.close()
