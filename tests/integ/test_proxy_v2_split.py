"""A PROXY v2 header that arrives in three pieces with pauses between them
(signature, fixed part, addresses) is still read whole, without eating the
request that follows."""

import struct
import time

from helpers import PROXY_V2_SIG, RawClient, answer_close, expect_accept, wait_log_line


def test_proxy_v2_split(wsinetd):
    srv = wsinetd.socket_activate("--proxy-protocol", "echo")
    addrs = bytes([198, 51, 100, 9, 127, 0, 0, 1]) + struct.pack("!HH", 50505, 80)
    c = RawClient.connect(srv.host, srv.port)
    for piece in (PROXY_V2_SIG[:7], PROXY_V2_SIG[7:] + b"\x21\x11\x00\x0c", addrs):
        c.send(piece)
        time.sleep(0.2)
    expect_accept(c.handshake())
    answer_close(c, 1000)
    wait_log_line(srv, '198.51.100.9:50505 "GET /" 101 ')
