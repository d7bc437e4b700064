"""Recording names: time, peer and pid in letters, digits, ".", "-" and
"_" only, whatever the peer is: an IPv6 client ("[::1]:PORT" is
"--1_PORT"), a client of a unix --listen socket ("unix"), a client named
by X-Forwarded-For (an IPv6 address, no port).  Concurrent connections
each get their own file, holding their own messages only.  The title and
env of the header name the peer, the path and the target as JSON strings
even when the path needs escaping."""

import re
import socket
import threading

from helpers import (OP_BIN, OP_TEXT, RawClient, answer_close, expect_accept, frame, open_ws,
                     upgrade_request, wait_log_line)
from record_helpers import payload, read_cast, wait_cast

SAFE = re.compile(r"\d{8}T\d{6}\.\d{3}Z_[A-Za-z0-9.-]+(_\d+)?_\d+\.cast")


def one_echo(c, data):
    c.send(frame(OP_BIN, data))
    assert c.read_message() == (OP_BIN, data)
    answer_close(c, 1000)


def test_record_name_ipv6_peer(wsinetd, tmp_path):
    rec = tmp_path / "rec"
    rec.mkdir()
    srv = wsinetd.socket_activate("--record", rec, "echo", host="::1")
    c = open_ws(srv)
    port = c.sock.getsockname()[1]
    one_echo(c, b"six")
    (path,) = wait_cast(rec)
    assert SAFE.fullmatch(path.name) and "_--1_%d_" % port in path.name, path.name
    header, _ = read_cast(path)
    assert header["env"]["WSINETD_PEER"] == "[::1]:%d" % port


def test_record_name_unix_peer(wsinetd, tmp_path):
    rec = tmp_path / "rec"
    rec.mkdir()
    sock = tmp_path / "ws.sock"
    srv = wsinetd.listen("--record", rec, "echo", spec="unix:%s" % sock)
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(str(sock))
    c = RawClient(s)
    expect_accept(c.handshake())
    one_echo(c, b"over a unix socket")
    (path,) = wait_cast(rec)
    assert SAFE.fullmatch(path.name) and "Z_unix_" in path.name, path.name


def test_record_name_forwarded_ipv6(wsinetd, tmp_path):
    rec = tmp_path / "rec"
    rec.mkdir()
    srv = wsinetd.socket_activate("--record", rec, "--trust-forwarded", "127.0.0.1", "echo")
    c = RawClient.connect(srv.host, srv.port)
    c.send(upgrade_request(path="/a\\b", extra=[("X-Forwarded-For", "2001:db8::7")]))
    expect_accept(c.read_response())
    one_echo(c, b"forwarded")
    (path,) = wait_cast(rec)
    assert SAFE.fullmatch(path.name) and "Z_2001-db8--7_" in path.name, path.name
    header, _ = read_cast(path)
    assert header["env"]["WSINETD_PATH"] == "/a\\b"
    assert header["title"] == "wsinetd %s" % header["env"]["WSINETD_PEER"]
    assert "2001:db8::7" in header["env"]["WSINETD_PEER"]


def test_record_concurrent_sessions_own_files(wsinetd, tmp_path):
    rec = tmp_path / "rec"
    rec.mkdir()
    srv = wsinetd.socket_activate("--record", rec, "echo")
    n = 12
    errors = []

    def session(i):
        try:
            c = open_ws(srv)
            for k in range(3):
                c.send(frame(OP_TEXT, "session %d message %d" % (i, k)))
                assert c.read_message() == (OP_TEXT, b"session %d message %d" % (i, k))
            answer_close(c, 1000)
        except Exception as e:      # reported below
            errors.append(repr(e))

    threads = [threading.Thread(target=session, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors, errors
    paths = wait_cast(rec, n)
    assert len(paths) == n and len({p.name for p in paths}) == n
    seen = set()
    for p in paths:
        assert SAFE.fullmatch(p.name), p.name
        _, events = read_cast(p)
        i = payload(events, "i").decode()
        m = re.fullmatch(r"session (\d+) message 0session \1 message 1session \1 message 2", i)
        assert m, i
        seen.add(int(m.group(1)))
    assert seen == set(range(n))
