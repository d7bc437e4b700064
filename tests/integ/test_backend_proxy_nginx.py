"""--backend-proxy v1 and v2 (README "The client's address to the
backend"), to a real nginx that listens with `proxy_protocol`: wsinetd
relays a WebSocket whose payload is an HTTP request to nginx, and
nginx's answer, $proxy_protocol_addr and _port and the server address
the client reached, comes back as the messages.  For an IPv4 client
(bound to 127.0.0.2, so it cannot be mistaken for wsinetd's own
127.0.0.1) and an IPv6 one (::1, wsinetd listening on [::1]), nginx
names the client and its port, in its answer and in its access log."""

import pytest

from backend_proxy_helpers import SITE, ask_nginx
from front import start_nginx
from helpers import RawClient, connect_from, expect_accept

@pytest.fixture
def nginx(tmp_path):
    n = start_nginx(tmp_path, lambda d, port: SITE % dict(dir=d, port=port))
    yield n
    n.stop()


@pytest.mark.parametrize("version", ["v1", "v2"])
@pytest.mark.parametrize("family", ["ipv4", "ipv6"])
def test_backend_proxy_nginx(wsinetd, nginx, version, family):
    host = "::1" if family == "ipv6" else "127.0.0.1"
    srv = wsinetd.socket_activate("--backend-proxy", version, "tcp:127.0.0.1:%d" % nginx.port,
                                  host=host)
    try:
        if family == "ipv6":
            c = RawClient.connect("::1", srv.port)
            client_ip, port = "::1", c.sock.getsockname()[1]
            server = "::1:%d" % srv.port
        else:
            c = connect_from("127.0.0.1", srv.port, "127.0.0.2")
            client_ip, port = "127.0.0.2", c.sock.getsockname()[1]
            server = "127.0.0.1:%d" % srv.port
        expect_accept(c.handshake())
        body = ask_nginx(c)
        assert body.startswith(b"HTTP/1.1 200 OK\r\n"), body
        want = "client=%s port=%d server=%s\n" % (client_ip, port, server)
        assert body.endswith(want.encode()), (want, body)
        log = (nginx.dir / "access.log").read_text()
        # real_ip_header proxy_protocol: $remote_addr is the client too.
        assert 'pp=%s:%d to=%s peer=%s "GET /who HTTP/1.0"' % (client_ip, port, server,
                                                                client_ip) in log, log
    except BaseException:
        print(nginx.logs())
        raise
