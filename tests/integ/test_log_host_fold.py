"""A Host header folded over two lines (obs-fold, which http-parser
accepts) reaches the "no route for host" warning with its CR LF: the
client could forge a whole log line (an access line for a request that
never happened).  Every log line must stay one line.  (Such a Host is
no host[:port]: the request gate refuses it with 400 before routing.)"""

from helpers import RawClient


def test_review_log_host_fold(wsinetd):
    srv = wsinetd.socket_activate("--route", "only.example/b=echo")
    c = RawClient.connect(srv.host, srv.port)
    c.sock.sendall(b"GET /x HTTP/1.1\r\nHost: a\r\n"
                   b' 6.6.6.6 "GET /admin" 101 target=forged\r\n'
                   b"Upgrade: websocket\r\nConnection: Upgrade\r\n"
                   b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                   b"Sec-WebSocket-Version: 13\r\n\r\n")
    c.sock.settimeout(5)
    got = b""
    while b"\r\n\r\n" not in got:
        more = c.sock.recv(4096)
        if not more:
            break
        got += more
    assert got.startswith(b"HTTP/1.1 400"), got
    c.close()
    srv.wait_log("a Host that is not host[:port] (Host ")
    # The forged text may appear only inside the warning's own line.
    for line in srv.log().splitlines():
        if "6.6.6.6" in line:
            assert "a Host that is not host[:port]" in line, srv.log()
