"""--backend-proxy for one route, to a unix: backend, naming a client
that a trusted proxy's X-Forwarded-For decided on (README "The client's
address to the backend").  `--backend-proxy /pp=v2` sends a PROXY v2
header to nginx on a unix socket (listen unix:... proxy_protocol), which
sees the forwarded client (no port: 0, shown empty); the default route, without the
option, gets the payload and nothing before it.  A --backend-proxy for
a route that does not exist, or for an exec: route, is a usage error."""

from front import start_nginx
from harness import wait_for
from helpers import OP_BIN, RawClient, expect_accept, frame, recorder, upgrade_request
from backend_proxy_helpers import REQUEST, ask_nginx

SITE = """    log_format pp 'pp=$proxy_protocol_addr:$proxy_protocol_port "$request"';
    access_log %(dir)s/access.log pp;
    server {
        listen unix:%(dir)s/pp.sock proxy_protocol;
        location / { return 200 "client=$proxy_protocol_addr port=$proxy_protocol_port\\n"; }
    }
"""


def test_backend_proxy_route(wsinetd, tmp_path):
    # start_nginx waits for a TCP port; this nginx listens on a unix socket
    # too: give it both.
    n = start_nginx(tmp_path, lambda d, port: SITE.replace(
        "    server {\n", "    server {\n        listen 127.0.0.1:%d;\n" % port, 1) %
        dict(dir=d))
    plain = recorder()
    try:
        srv = wsinetd.socket_activate("--trust-forwarded", "127.0.0.1",
                                      "--route", "/pp=unix:%s/pp.sock" % n.dir,
                                      "--backend-proxy", "/pp=v2", plain.target)
        c = RawClient.connect(srv.host, srv.port)
        expect_accept(c.handshake(upgrade_request(path="/pp", extra=[
            ("X-Forwarded-For", "198.51.100.20, 203.0.113.7")])))
        body = ask_nginx(c)
        # X-Forwarded-For has no port: the header says 0, which nginx
        # shows as an empty $proxy_protocol_port.
        assert body.endswith(b"client=203.0.113.7 port=\n"), body

        c = RawClient.connect(srv.host, srv.port)
        expect_accept(c.handshake(path="/other"))
        c.send(frame(OP_BIN, REQUEST))
        wait_for(lambda: len(plain.received) >= len(REQUEST), what="the default backend's bytes")
        assert bytes(plain.received) == REQUEST, plain.received
        c.close()
    except BaseException:
        print(n.logs())
        raise
    finally:
        plain.close()
        n.stop()

    r = wsinetd.run("--backend-proxy", "/nope=v2", "--route", "/x=tcp:127.0.0.1:9", "echo")
    assert r.returncode == 64 and b"--backend-proxy /nope=v2: no --route" in r.stderr, r
    r = wsinetd.run("--backend-proxy", "/x=v1", "--route", "/x=exec:/bin/cat", "echo")
    assert r.returncode == 64 and b"a PROXY header goes to tcp: and unix: backends only" \
        in r.stderr, r
    r = wsinetd.run("--backend-proxy", "v3", "echo")
    assert r.returncode == 64 and b"want v1, v2 or off" in r.stderr, r
