"""Issue 20: no Nagle stall on the client socket.

A 40 KiB echo over wss:// is more than one TLS record (16 KiB each): with
Nagle's algorithm on wsinetd's client socket, the second record waits for
the ACK of the first, which the client delays by ~40 ms.  Twenty round
trips then take 20 × 40 ms.  With TCP_NODELAY each one takes well under a
millisecond here.  Checked for Accept=yes (systemd-socket-activate --accept)
and --listen, plain and TLS, with and without --compress (random bytes, so
the compressed reply is as long as the message: several records too), and
through a passthrough to a ws:// backend.

The bound does not depend on the machine's speed: a stall makes every
round trip wait for a delayed ACK (Linux waits at least 40 ms), so with it
not even the fastest quarter of the 20 round trips gets under half of that
(20 ms), which without it they do even on a machine loaded enough to slow
some of them down.  The client sets TCP_NODELAY on its own socket, so
only wsinetd's side is tested.
"""

import os
import socket
import struct
import time
import zlib

import pytest

from helpers import OP_BIN, RawClient, expect_accept, frame, upgrade_request, wait_log_line
from tlsutil import TlsClient, client_ctx

SIZE = 40 * 1024
ROUNDS = 20
DELAYED_ACK_S = 0.040
PMD = [("Sec-WebSocket-Extensions", "permessage-deflate")]


def nodelay(sock):
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def connect(srv, tls, pki):
    if tls:
        c = TlsClient.connect("127.0.0.1", srv.port, client_ctx(pki), sni="alpha.test")
    else:
        c = RawClient.connect("127.0.0.1", srv.port)
    nodelay(c.sock)
    return c


def compressed(data):
    """One RSV1 frame of data, RFC 7692 §7.2.1 (no context takeover needed:
    each message is its own stream here)."""
    z = zlib.compressobj(wbits=-15)
    body = z.compress(data) + z.flush(zlib.Z_SYNC_FLUSH)
    assert body.endswith(b"\x00\x00\xff\xff")
    return frame(OP_BIN, body[:-4], rsv=0x40)


def round_trips(c, compress=False):
    """ROUNDS echoes of SIZE random bytes, each checked; their times."""
    times = []
    for i in range(ROUNDS):
        data = os.urandom(SIZE)
        msg = compressed(data) if compress else frame(OP_BIN, data)
        t0 = time.monotonic()
        c.send(msg)
        got = c.read_message()
        times.append(time.monotonic() - t0)
        assert got == (OP_BIN, data), "round trip %d: echo differs" % i
    c.send(frame(0x8, struct.pack("!H", 1000)))
    assert c.read_message()[0] == 0x8
    return times


def assert_no_stall(times):
    q1 = sorted(times)[ROUNDS // 4]
    assert q1 < DELAYED_ACK_S / 2, \
        "a quarter of the round trips took %.1f ms or less (all: %s): Nagle waits " \
        "for delayed ACKs" % (q1 * 1e3, " ".join("%.1f" % (t * 1e3) for t in times))


@pytest.mark.parametrize("compress", [False, True], ids=["plain", "compress"])
@pytest.mark.parametrize("tls", [False, True], ids=["ws", "wss"])
@pytest.mark.parametrize("mode", ["accept", "listen"])
def test_round_trips_do_not_wait_for_delayed_acks(wsinetd, pki, mode, tls, compress):
    opts = (pki.args("alpha") + ["--tls", "on"] if tls else []) + \
        (["--compress"] if compress else []) + ["echo"]
    srv = wsinetd.listen(*opts) if mode == "listen" else wsinetd.socket_activate(*opts)
    c = connect(srv, tls, pki)
    try:
        resp = c.handshake(upgrade_request(extra=PMD if compress else ()))
        expect_accept(resp)
        if compress:
            assert (resp.header("sec-websocket-extensions") or "").startswith(
                "permessage-deflate"), resp
        times = round_trips(c, compress)
    finally:
        c.close()
    wait_log_line(srv, "wsinetd[", "close=1000", "out=%d/%d" % (SIZE * ROUNDS, ROUNDS))
    assert_no_stall(times)


def test_passthrough_round_trips_do_not_wait(wsinetd, pki):
    """wss:// to wsinetd, which passes the upgrade on to a ws:// backend
    (another wsinetd, --listen echo): both the client's socket and the
    backend's have TCP_NODELAY, so neither hop waits for a delayed ACK."""
    back = wsinetd.listen("echo")
    srv = wsinetd.socket_activate(*pki.args("alpha"), "--tls", "on",
                                  "ws://127.0.0.1:%d/" % back.port)
    c = connect(srv, True, pki)
    try:
        expect_accept(c.handshake(upgrade_request()))
        times = round_trips(c)
    finally:
        c.close()
    wait_log_line(back, "wsinetd[", "close=1000", "out=%d/%d" % (SIZE * ROUNDS, ROUNDS))
    assert_no_stall(times)
