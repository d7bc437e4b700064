"""The backend's path is the URL's path joined with the request's: with
--route /_et/=ws://HOST:PORT/base/ and --strip-prefix, a request for
/_et/x?q=1 reaches the backend as /base/x?q=1 (Caddy's handle_path in
front of a backend mounted under /base/); without a path in the URL the
request's own path passes unchanged."""

import asyncio

import websockets

from pass_helpers import WsBackend


async def roundtrip(url):
    async with websockets.connect(url, compression=None, ping_interval=None,
                                  open_timeout=10, close_timeout=10) as ws:
        await ws.send("ping")
        assert await asyncio.wait_for(ws.recv(), 10) == "ping"


def test_pass_path_join(wsinetd):
    b = WsBackend()
    try:
        srv = wsinetd.socket_activate("--strip-prefix",
                                      "--route", "/_et/=" + b.url("ws", path="/base/"),
                                      "--route", "/plain/=" + b.url("ws"))
        asyncio.run(roundtrip(srv.url + "_et/x?q=1"))
        asyncio.run(roundtrip(srv.url + "_et/"))
        srv2 = wsinetd.socket_activate("--route", "/plain/=" + b.url("ws"))
        asyncio.run(roundtrip(srv2.url + "plain/y?z=2"))
        assert [r[0] for r in b.requests] == ["/base/x?q=1", "/base/", "/plain/y?z=2"], b.requests
    finally:
        b.close()
