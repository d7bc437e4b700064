"""Replies must repeat what the client offered or sent, exactly: a
subprotocol is chosen only among the offered spellings (browsers compare
case-sensitively), and a Close is answered with the client's code alone,
without our own reason text for that code."""

import socket

UPGRADE = (b"GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
           b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n")


def exchange(srv, extra_headers=b"", after=b""):
    s = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
    s.sendall(UPGRADE + extra_headers + b"\r\n" + after)
    data = b""
    while True:
        d = s.recv(65536)
        if not d:
            break
        data += d
    s.close()
    return data


def test_subprotocol_spelling_must_match(wsinetd):
    srv = wsinetd.socket_activate("echo")
    refused = exchange(srv, b"Sec-WebSocket-Protocol: Binary\r\n")
    assert refused.startswith(b"HTTP/1.1 400 "), refused
    ok = exchange(srv, b"Sec-WebSocket-Protocol: Binary, binary\r\n",
                  b"\x88\x82\x01\x02\x03\x04\x02\xea")
    assert b"\r\nSec-WebSocket-Protocol: binary\r\n" in ok


def test_close_reply_is_the_clients_code_only(wsinetd):
    srv = wsinetd.socket_activate("echo")
    for code in (1001, 1002, 1009, 4000):
        payload = bytes([code >> 8, code & 255]) + b"bye"
        mask = b"\x00\x00\x00\x00"
        data = exchange(srv, after=bytes([0x88, 0x80 | len(payload)]) + mask + payload)
        body = data[data.index(b"\r\n\r\n") + 4:]
        assert body == bytes([0x88, 2, code >> 8, code & 255]), (code, body)
