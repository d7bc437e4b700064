"""ws:// passthrough against a real python3-websockets server: messages
echo both ways through wsinetd, and the access line records the 101."""

import asyncio

import websockets

from helpers import check_echoes, messages, wait_log_line
from pass_helpers import WsBackend


async def session(url, msgs):
    async with websockets.connect(url, max_size=None, compression=None, ping_interval=None,
                                  open_timeout=10, close_timeout=10) as ws:
        local = "%s:%d" % tuple(ws.local_address[:2])
        await check_echoes(ws, msgs, stream=False, timeout=20)
        await ws.close()
        assert ws.close_code == 1000, ws.close_code
    return local


def test_pass_ws_echo(wsinetd):
    b = WsBackend()
    try:
        srv = wsinetd.socket_activate(b.url("ws"))
        msgs = messages(sizes=(0, 1, 125, 126, 65536, 1 << 20))
        local = asyncio.run(session(srv.url + "chat", msgs))
        line = wait_log_line(srv, local, "101")
        assert "target=ws://127.0.0.1:%d/" % b.port in line, line
        assert len(b.requests) == 1 and b.requests[0][0] == "/chat", b.requests
    finally:
        b.close()
