"""The client's address through two hops (README "The client's address
to the backend"): a client bound to 127.0.0.2 connects to a real HAProxy
(send-proxy-v2), which connects to wsinetd --proxy-protocol; wsinetd
--backend-proxy v1 then tells nginx (listen ... proxy_protocol) who the
client was: not HAProxy, not wsinetd, but 127.0.0.2 and its own port,
and the address it reached, HAProxy's frontend."""

from front import start_nginx
from helpers import log_message, connect_from, expect_accept, wait_log_line
from backend_proxy_helpers import SITE, ask_nginx


def test_backend_proxy_haproxy(wsinetd, haproxy, tmp_path):
    n = start_nginx(tmp_path, lambda d, port: SITE % dict(dir=d, port=port))
    try:
        srv = wsinetd.socket_activate("--proxy-protocol", "--backend-proxy", "v1",
                                      "tcp:127.0.0.1:%d" % n.port)
        h = haproxy((srv.host, srv.port), "send-proxy-v2")
        c = connect_from("127.0.0.1", h.port, "127.0.0.2")
        port = c.sock.getsockname()[1]
        expect_accept(c.handshake())
        body = ask_nginx(c)
        want = "client=127.0.0.2 port=%d server=127.0.0.1:%d\n" % (port, h.port)
        assert body.endswith(want.encode()), (want, body, srv.log())
        line = wait_log_line(srv, " 101 target=tcp:127.0.0.1:%d" % n.port, "close=1000")
        assert log_message(line).startswith("127.0.0.2:%d " % port), line
    except BaseException:
        print(n.logs())
        raise
    finally:
        n.stop()
