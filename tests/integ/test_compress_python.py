"""--compress with python3-websockets, which offers permessage-deflate:
text and binary messages of 0 B to 4 MiB through `echo` and a tcp: echo
backend, checksummed, with and without context takeover and for every
window size from 9 to 15 bits; then unix: backends, and --text.  The client asserts that the extension was
negotiated with the parameters it asked for, and that a compressible
message crossed the wire compressed both ways.
"""

import asyncio

import pytest
import websockets

from helpers import SIZES, Backend, CountingProtocol, echo_handler, messages, pmd_session

SMALL = (0, 1, 200, 65536, 300000)
JSON = ('{"id": 12345, "name": "wsinetd", "tags": ["a", "b"]}\n' * 20000)[:1 << 20]

SETTINGS = [("default", {}, SIZES),
            ("no_context", dict(server_no_context_takeover=True,
                                client_no_context_takeover=True), SIZES)]
SETTINGS += [("bits%d" % b, dict(server_max_window_bits=b, client_max_window_bits=b), SMALL)
             for b in range(9, 16)]


@pytest.mark.parametrize("target", ["echo", "tcp"])
@pytest.mark.parametrize("name,params,sizes", SETTINGS, ids=[s[0] for s in SETTINGS])
def test_compress_python(wsinetd, target, name, params, sizes):
    msgs = list(messages(tuple(sizes), seed=len(name))) + [("text", JSON)]
    backend = None
    if target == "tcp":
        backend = Backend(echo_handler)
        target = backend.target
    try:
        srv = wsinetd.socket_activate("--compress", target)
        ext, payload_in, wire_in = pmd_session(srv.url, msgs, stream=backend is not None,
                                               **params)
    finally:
        if backend:
            backend.close()
    bits = params.get("server_max_window_bits", 15)
    assert ext.remote_max_window_bits == bits, ext
    assert ext.local_max_window_bits == params.get("client_max_window_bits", 15), ext
    assert ext.remote_no_context_takeover == params.get("server_no_context_takeover", False)
    assert ext.local_no_context_takeover == params.get("client_no_context_takeover", False)
    if backend is not None:
        assert not backend.errors, backend.errors
    # 1 MiB of JSON shrinks about 100 times: it must have.
    assert wire_in < payload_in - len(JSON) // 2, (wire_in, payload_in)
    srv.wait_log("close=1000")


@pytest.mark.parametrize("kind", ["unix", "abstract"])
def test_compress_python_unix(wsinetd, tmp_path, kind):
    """The same through unix: and unix:@ backends (default parameters)."""
    backend = Backend(echo_handler, kind=kind, path=tmp_path / "echo.sock")
    try:
        srv = wsinetd.socket_activate("--compress", backend.target)
        msgs = list(messages(tuple(SMALL), seed=7)) + [("text", JSON)]
        _, payload_in, wire_in = pmd_session(srv.url, msgs, stream=True)
    finally:
        backend.close()
    assert not backend.errors, backend.errors
    assert wire_in < payload_in - len(JSON) // 2, (wire_in, payload_in)


def test_compress_python_text_mode(wsinetd):
    """--text --compress: backend data arrives as compressed text messages
    (UTF-8 pieces held back across reads as without compression)."""
    backend = Backend(echo_handler)
    try:
        srv = wsinetd.socket_activate("--text", "--compress", backend.target)
        ext, payload_in, wire_in = asyncio.run(_text_session(srv.url))
    finally:
        backend.close()
    assert not backend.errors, backend.errors
    assert wire_in < payload_in // 4, (wire_in, payload_in)


async def _text_session(url):
    async with websockets.connect(url, max_size=None, create_protocol=CountingProtocol,
                                  compression="deflate", ping_interval=None) as ws:
        assert ws.extensions and ws.extensions[0].name == "permessage-deflate"
        want = ("κόσμε " + JSON) * 2
        await ws.send(want)
        got = ""
        while len(got) < len(want):
            m = await asyncio.wait_for(ws.recv(), 20)
            assert isinstance(m, str), "--text must send text messages"
            got += m
        assert got == want
        await ws.close()
        return ws.extensions[0], len(want.encode()), ws.wire_in
