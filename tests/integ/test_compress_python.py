"""--compress with python3-websockets, which offers permessage-deflate:
text and binary messages of 0 B to 4 MiB through `echo` and a tcp: echo
backend, checksummed, with and without context takeover and for every
window size from 9 to 15 bits.  The client asserts that the extension was
negotiated with the parameters it asked for, and, through tcp: (whose
messages wsinetd compresses), that a compressible message crossed the
wire compressed.
"""

import pytest

from helpers import SIZES, Backend, echo_handler, messages, pmd_session

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
