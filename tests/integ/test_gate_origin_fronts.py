"""The same-origin default (issue 14 item 5) behind real fronts on a
port other than 80/443, with a browser's Origin (python3-websockets
sending origin=, as a page on the front's own origin would):

- nginx with the README's block: `proxy_set_header Host $host` drops the
  port, so the Origin's port is not Host's: 403, as the README says; with
  `proxy_set_header X-Forwarded-Host $http_host` and --trust-forwarded
  127.0.0.1 (the README's advice) it is 101, and another origin is
  still 403;
- Caddy's reverse_proxy passes Host unchanged: 101 without any option.
"""

import asyncio
import os
import shutil

import websockets

from front import Front, new_dir, start_nginx

CADDY = shutil.which("caddy") or "/usr/bin/caddy"

NGINX = """
    server {
        listen 127.0.0.1:%(port)d;
        location /plain/ {
            proxy_pass http://127.0.0.1:%(backend)d/;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection "upgrade";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        }
        location /xfh/ {
            proxy_pass http://127.0.0.1:%(backend)d/;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection "upgrade";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        }
    }
"""

CADDYFILE = """{
	admin off
	storage file_system %(dir)s/data
	auto_https off
}
http://127.0.0.1:%(port)d {
	reverse_proxy 127.0.0.1:%(backend)d
}
"""


def status(url, origin):
    async def go():
        try:
            async with websockets.connect(url, origin=origin, open_timeout=20) as ws:
                await ws.send("x")
                assert await ws.recv() == "x"
                return 101
        except websockets.exceptions.InvalidStatusCode as e:
            return e.status_code
    return asyncio.run(asyncio.wait_for(go(), 60))


def test_gate_origin_nginx(wsinetd, tmp_path):
    srv = wsinetd.socket_activate("--trust-forwarded", "127.0.0.1", "echo")
    n = start_nginx(tmp_path, lambda d, port: NGINX % dict(port=port, backend=srv.port))
    try:
        own = "http://127.0.0.1:%d" % n.port
        assert status("ws://127.0.0.1:%d/plain/" % n.port, own) == 403
        assert "Origin is not this server's (Origin %s, Host 127.0.0.1;" % own in srv.log()
        assert status("ws://127.0.0.1:%d/xfh/" % n.port, own) == 101
        assert status("ws://127.0.0.1:%d/xfh/" % n.port, "http://evil.example") == 403
    except BaseException:
        print(n.logs())
        raise
    finally:
        n.stop()


def test_gate_origin_caddy(wsinetd, tmp_path):
    assert os.access(CADDY, os.X_OK), "caddy (Debian's caddy) is needed: run tests/deps.sh"
    srv = wsinetd.socket_activate("echo")
    d, port = new_dir(tmp_path, "caddy")
    conf = d / "Caddyfile"
    conf.write_text(CADDYFILE % dict(dir=d, port=port, backend=srv.port))
    env = dict(os.environ, HOME=str(d), XDG_DATA_HOME=str(d / "data"),
               XDG_CONFIG_HOME=str(d / "config"), TMPDIR=str(d))
    c = Front("caddy", d, port, [CADDY, "run", "--config", str(conf), "--adapter", "caddyfile"],
              env=env)
    try:
        assert status("ws://127.0.0.1:%d/" % port, "http://127.0.0.1:%d" % port) == 101
        assert status("ws://127.0.0.1:%d/" % port, "http://evil.example") == 403
    except BaseException:
        print(c.logs())
        raise
    finally:
        c.stop()
