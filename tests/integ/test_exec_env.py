"""exec: the program's environment is CGI-style and built from the
connection: REMOTE_ADDR/PORT are the client's, QUERY_STRING and the
request headers (HTTP_*) are there, but a Proxy: header gives no
HTTP_PROXY (httpoxy), a header name with '_' is dropped, no header can
set PATH, and nothing of wsinetd's own environment leaks, PATH included (a fixed
safe default unless --passenv PATH)."""

from helpers import RawClient, close_frame, expect_accept, upgrade_request


def program_env(srv, path="/chat/room?a=1&b=two", extra=()):
    c = RawClient.connect(srv.host, srv.port)
    peer = c.local
    expect_accept(c.handshake(upgrade_request(path=path, host="example.org:8080",
                                              extra=extra)))
    data, code = c.read_until_close()
    assert code == 1000, code
    c.send(close_frame(1000))
    c.read_to_eof()
    c.close()
    env = dict(kv.split(b"=", 1) for kv in data.split(b"\0") if kv)
    return {k.decode(): v.decode() for k, v in env.items()}, peer


def test_exec_env_contents(wsinetd):
    srv = wsinetd.socket_activate(
        "exec:/usr/bin/env", "-0",
        extra_env={"CREDENTIALS_DIRECTORY": "/nonexistent/creds",
                   "WSINETD_SECRET": "leak"})
    env, peer = program_env(srv, extra=[
        ("X-Foo", "bar"), ("Proxy", "http://evil.example:3128/"),
        ("X_Under", "dropped"), ("Path", "/evil/bin"), ("Origin", "http://example.org:8080")])
    host, port = peer.rsplit(":", 1)
    assert env["REMOTE_ADDR"] == host and env["REMOTE_PORT"] == port
    assert env["QUERY_STRING"] == "a=1&b=two"
    assert env["REQUEST_URI"] == "/chat/room?a=1&b=two"
    assert env["REQUEST_METHOD"] == "GET"
    assert env["PATH_INFO"] == "/chat/room"
    assert env["SCRIPT_NAME"] == ""
    assert env["SERVER_NAME"] == "example.org"
    assert env["SERVER_PORT"] == str(srv.port)
    assert env["SERVER_PROTOCOL"] == "HTTP/1.1"
    assert env["SERVER_SOFTWARE"].startswith("wsinetd/")
    assert env["GATEWAY_INTERFACE"] == "websocketd-CGI/0.1"
    assert env["HTTP_X_FOO"] == "bar"
    assert env["HTTP_ORIGIN"] == "http://example.org:8080"
    assert env["HTTP_HOST"] == "example.org:8080"
    assert env["HTTP_PATH"] == "/evil/bin"
    assert "HTTP_PROXY" not in env
    assert "HTTP_X_UNDER" not in env and not any("UNDER" in k for k in env)
    assert env["PATH"] == "/usr/local/bin:/usr/bin:/bin"     # not wsinetd's: --passenv
    assert env["REMOTE_USER"] == "" and "AUTH_TYPE" not in env    # no --auth-file
    for k in ("LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES", "CREDENTIALS_DIRECTORY",
              "WSINETD_SECRET", "ASAN_OPTIONS", "HTTPS", "SSL_PROTOCOL"):
        assert k not in env, k
    assert all(k.startswith("HTTP_") or k in {
        "PATH", "REMOTE_ADDR", "REMOTE_PORT", "SERVER_NAME", "SERVER_PORT",
        "SERVER_PROTOCOL", "SERVER_SOFTWARE", "GATEWAY_INTERFACE", "REQUEST_METHOD",
        "REQUEST_URI", "SCRIPT_NAME", "PATH_INFO", "QUERY_STRING",
        "WEBSOCKET_PROTOCOL", "REMOTE_USER"} for k in env), sorted(env)


def test_exec_env_route_and_subprotocol(wsinetd):
    srv = wsinetd.socket_activate(
        "--route", "/app/=exec:/usr/bin/env -0", "--strip-prefix",
        "--subprotocol", "chat")
    env, _ = program_env(srv, path="/app/x/y?q", extra=[
        ("Sec-WebSocket-Protocol", "chat")])
    assert env["SCRIPT_NAME"] == "/app"
    assert env["PATH_INFO"] == "/x/y"
    assert env["QUERY_STRING"] == "q"
    assert env["REQUEST_URI"] == "/app/x/y?q"
    assert env["WEBSOCKET_PROTOCOL"] == "chat"


def test_exec_env_path_info_without_strip(wsinetd):
    """CGI's rule with or without --strip-prefix: SCRIPT_NAME + PATH_INFO
    is the request's path."""
    srv = wsinetd.socket_activate("--route", "/app/=exec:/usr/bin/env -0")
    env, _ = program_env(srv, path="/app/x/y?q")
    assert (env["SCRIPT_NAME"], env["PATH_INFO"]) == ("/app", "/x/y"), env
    env, _ = program_env(srv, path="/app?q")
    assert (env["SCRIPT_NAME"], env["PATH_INFO"]) == ("/app", ""), env
