"""--pty with python3-websockets, no browser: the program runs on a
terminal (fds 0-2 are one, it leads its session, the terminal is its
controlling one, TERM is set), binary messages are its input and output,
a text message {"cols":N,"rows":M} resizes the window (the program gets
SIGWINCH and sees the size), its exit status becomes the close code, a
text message that is no resize closes 1003, and a client that leaves
hangs the terminal up: the program gets SIGHUP and is reaped."""

import asyncio
import json
import os
import re
import ssl
import subprocess
import time
from pathlib import Path

import pytest
import websockets

from harness import ROOT_ARGS, SSA, Server, free_port
from helpers import RawClient, wait_log_line
from test_gnutls_loaded_only_for_tls import self_signed

# The program: facts about its terminal, then one line per event.
PROG = r'''
import fcntl, os, signal, struct, sys, termios, time
out = sys.argv[1]
def size():
    r, c = struct.unpack("HHHH", fcntl.ioctl(0, termios.TIOCGWINSZ, b"\0" * 8))[:2]
    return "%d %d" % (r, c)
def say(s):
    os.write(1, (s + "\n").encode())
def hup(sig, frame):
    with open(out, "a") as f:
        f.write("SIGHUP pid=%d\n" % os.getpid())
    os._exit(0)
signal.signal(signal.SIGHUP, hup)
signal.signal(signal.SIGWINCH, lambda s, f: say("winch " + size()))
with open(out, "a") as f:
    f.write("pid=%d\n" % os.getpid())
say("tty=%s" % all(os.isatty(i) for i in (0, 1, 2)))
say("name=%s" % os.ttyname(0))
say("leader=%s" % (os.getsid(0) == os.getpid()))
say("ctty=%s" % (os.tcgetpgrp(0) == os.getpgrp()))
say("term=%s" % os.environ.get("TERM"))
say("lang=%s" % os.environ.get("LANG"))
say("size " + size())
say("ready")
for line in sys.stdin:
    w = line.split()
    if w and w[0] == "exit":
        sys.exit(int(w[1]))
    say("got " + line.strip())
'''


@pytest.fixture
def prog(tmp_path):
    p = tmp_path / "prog.py"
    p.write_text(PROG)
    out = tmp_path / "events"
    out.touch()
    os.chmod(tmp_path, 0o777)
    os.chmod(out, 0o666)
    return p, out


async def read_until(ws, out, pattern, timeout=10):
    """Binary messages appended to out (a bytearray) until pattern shows."""
    end = time.monotonic() + timeout
    while not re.search(pattern, out):
        m = await asyncio.wait_for(ws.recv(), end - time.monotonic())
        assert isinstance(m, bytes), "a text message from --pty: %r" % m
        out += m
    return out


def serve(wsinetd, prog, *extra):
    p, out = prog
    return wsinetd.socket_activate("-v", "--pty", *extra, "exec:/usr/bin/python3", p, out)


def test_pty_terminal_facts_and_resize(wsinetd, prog):
    srv = serve(wsinetd, prog)

    async def go():
        async with websockets.connect(srv.url) as ws:
            out = await read_until(ws, bytearray(), rb"ready\r\n")
            text = out.decode()
            assert "tty=True" in text, text
            assert re.search(r"name=/dev/pts/\d+", text), text
            assert "leader=True" in text and "ctty=True" in text, text
            assert "term=xterm-256color" in text, text
            assert "lang=C.UTF-8" in text, text
            assert "size 24 80" in text, text
            await ws.send(json.dumps({"cols": 132, "rows": 43}))
            out = await read_until(ws, out, rb"winch 43 132\r\n")
            # Input is echoed by the terminal, then read by the program.
            await ws.send(b"hello\r")
            out = await read_until(ws, out, rb"got hello\r\n")
            # UTF-8 both ways; IUTF8: one erase takes the whole character.
            await ws.send("h\u00e9\u00e9\x7fllo \u2603\r".encode())
            out = await read_until(ws, out, "got h\u00e9llo \u2603\r\n".encode())
            await ws.send(b"exit 0\r")
            with pytest.raises(websockets.ConnectionClosed):
                while True:
                    await asyncio.wait_for(ws.recv(), 10)
            return ws.close_code

    assert asyncio.run(go()) == 1000
    wait_log_line(srv, "terminal resized to 132 columns, 43 rows")
    wait_log_line(srv, " 101 ", "close=1000")


@pytest.mark.parametrize("status,code", [(0, 1000), (3, 1011)])
def test_pty_exit_status_is_close_code(wsinetd, prog, status, code):
    srv = serve(wsinetd, prog)

    async def go():
        async with websockets.connect(srv.url) as ws:
            await read_until(ws, bytearray(), rb"ready\r\n")
            await ws.send(b"exit %d\r" % status)
            with pytest.raises(websockets.ConnectionClosed):
                while True:
                    await asyncio.wait_for(ws.recv(), 10)
            return ws.close_code

    assert asyncio.run(go()) == code
    wait_log_line(srv, " 101 ", "close=%d" % code)


def reaped(out, timeout=10):
    """The program's pid, once it is gone (no zombie either)."""
    pid = int(re.search(r"pid=(\d+)", Path(out).read_text()).group(1))
    end = time.monotonic() + timeout
    while Path("/proc/%d" % pid).exists() and time.monotonic() < end:
        time.sleep(0.05)
    assert not Path("/proc/%d" % pid).exists(), "pid %d still there" % pid
    return pid


@pytest.mark.parametrize("how", ["close", "reset"])
def test_pty_client_leaves_sighup(wsinetd, prog, how):
    """The client closes (or just drops the TCP connection): the master is
    closed, the terminal hangs up, the program gets SIGHUP and is reaped."""
    srv = serve(wsinetd, prog)
    _, out = prog

    async def go():
        ws = await websockets.connect(srv.url)
        await read_until(ws, bytearray(), rb"ready\r\n")
        if how == "close":
            await ws.close()
        else:
            ws.transport.abort()

    asyncio.run(go())
    wait_log_line(srv, " 101 ", "close=")
    pid = reaped(out)
    assert "SIGHUP pid=%d" % pid in Path(out).read_text()


@pytest.mark.parametrize("msg", ["ls\r", '{"cols":0,"rows":24}', '{"cols":80}',
                                 '{"cols":80,"rows":24}' + " " * 60])
def test_pty_bad_resize_closes_1003(wsinetd, prog, msg):
    """A text message that is no resize: Close 1003 whose reason says where
    input goes, a log line, and the program hung up and reaped."""
    srv = serve(wsinetd, prog)
    _, out = prog

    async def go():
        async with websockets.connect(srv.url) as ws:
            await read_until(ws, bytearray(), rb"ready\r\n")
            await ws.send(msg)
            with pytest.raises(websockets.ConnectionClosed):
                while True:
                    await asyncio.wait_for(ws.recv(), 10)
            return ws.close_code, ws.close_reason

    code, reason = asyncio.run(go())
    assert code == 1003
    assert "binary" in reason, reason
    wait_log_line(srv, "not a resize message", "closing with 1003")
    wait_log_line(srv, " 101 ", "close=1003")
    reaped(out)


def test_pty_resize_compressed(wsinetd, prog):
    """With --compress the browser's resize arrives deflated: same result."""
    srv = serve(wsinetd, prog, "--compress", "--compress-min", "0")

    async def go():
        async with websockets.connect(srv.url, compression="deflate") as ws:
            out = await read_until(ws, bytearray(), rb"ready\r\n")
            await ws.send(json.dumps({"rows": 50, "cols": 200}))
            await read_until(ws, out, rb"winch 50 200\r\n")
            assert ws.extensions, "permessage-deflate was not negotiated"

    asyncio.run(go())
    wait_log_line(srv, "terminal resized to 200 columns, 50 rows")


def test_pty_passenv_term_lang(wsinetd, prog):
    """--passenv TERM and LANG: wsinetd's own values instead of the
    defaults."""
    p, out = prog
    srv = wsinetd.socket_activate("--pty", "--passenv", "TERM", "--passenv", "LANG",
                                  "exec:/usr/bin/python3", p, out,
                                  extra_env={"TERM": "vt100", "LANG": "de_DE.UTF-8"})

    async def go():
        async with websockets.connect(srv.url) as ws:
            return (await read_until(ws, bytearray(), rb"ready\r\n")).decode()

    text = asyncio.run(go())
    assert "term=vt100" in text and "lang=de_DE.UTF-8" in text, text


@pytest.mark.parametrize("args,why", [
    (["--pty", "--text", "exec:/bin/sh"], "--pty with --text"),
    (["--pty", "echo"], "--pty: no exec: target"),
])
def test_pty_usage_errors(wsinetd, args, why):
    r = wsinetd.run(*args)
    assert r.returncode == 64, r
    assert why in r.stderr.decode(), r.stderr


def test_pty_sighup_death_is_a_normal_end(wsinetd):
    """A program that dies of the hang-up's SIGHUP once the client is done
    (an interactive shell does) ended normally: 1000 in the access line,
    no warning (its line is informational: -v only), and the handler
    exits 0."""
    srv = wsinetd.socket_activate("--pty", "exec:/bin/sh", "-c",
                                  "echo ready; exec sleep 60")

    async def go():
        async with websockets.connect(srv.url) as ws:
            await read_until(ws, bytearray(), rb"ready\r\n")

    asyncio.run(go())
    wait_log_line(srv, " 101 ", "close=1000")
    assert "Child" in srv.wait_log("died with code 0"), srv.log()
    assert "killed by signal" not in srv.log(), srv.log()


WRAP = ["unshare", "-m", "--propagation", "private", "sh", "-c",
        'mount --bind /dev/null /dev/ptmx && exec "$@"', "sh"]


def test_pty_no_terminal_502(wsinetd):
    """No usable /dev/ptmx (here /dev/null bound over it in a private mount
    namespace, as in a jail without one), under a launcher with no start-up
    check (Accept=yes): 502 before any 101, and a line that names the
    pseudo-terminal as what failed."""
    port = free_port()
    argv = [*WRAP, SSA, "--accept", "-l", "127.0.0.1:%d" % port,
            *wsinetd.pass_env(), wsinetd.bin, *ROOT_ARGS, "--pty", "exec:/bin/sh", "-i"]
    srv = Server(argv, wsinetd.env, str(wsinetd.tmp / "nopty.log"), "127.0.0.1", port,
                 "Listening on")
    wsinetd.servers.append(srv)
    c = RawClient.connect(srv.host, srv.port)
    r = c.handshake()
    assert r.status == 502, r
    c.close()
    wait_log_line(srv, "exec /bin/sh: opening a pseudo-terminal for --pty (/dev/ptmx, "
                  "/dev/pts): Invalid argument, answered 502")


@pytest.mark.parametrize("mode", ["check", "listen"])
def test_pty_no_terminal_refused_at_start(wsinetd, mode):
    """--check and a resident parent find it out once, at start: exit 78
    and one line."""
    args = ["--pty", "exec:/bin/sh", "-i"]
    if mode == "check":
        r = subprocess.run([*WRAP, wsinetd.bin, *ROOT_ARGS, "--check", *args],
                           capture_output=True, timeout=10, env=wsinetd.env)
    else:
        r = subprocess.run([*WRAP, wsinetd.bin, *ROOT_ARGS, "--listen",
                            "127.0.0.1:%d" % free_port(), *args],
                           capture_output=True, timeout=10, env=wsinetd.env)
    assert r.returncode == 78, r
    assert b"--pty: cannot open a pseudo-terminal with /dev/ptmx: " in r.stderr, r.stderr
    assert b"/dev/pts are needed" in r.stderr, r.stderr


def test_pty_over_tls(wsinetd, prog, tmp_path):
    """wss:// to a terminal: the TLS relay's seccomp filter (TLS records and
    an exec: child) lets the resize through too."""
    crt, key = self_signed(tmp_path)
    p, out = prog
    srv = wsinetd.socket_activate("-v", "--pty", "--tls", "on", "--tls-cert", crt,
                                  "--tls-key", key, "exec:/usr/bin/python3", p, out)
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE

    async def go():
        async with websockets.connect("wss://127.0.0.1:%d/" % srv.port, ssl=ctx) as ws:
            out = await read_until(ws, bytearray(), rb"ready\r\n")
            await ws.send(json.dumps({"cols": 77, "rows": 33}))
            await read_until(ws, out, rb"winch 33 77\r\n")

    asyncio.run(go())
    wait_log_line(srv, "terminal resized to 77 columns, 33 rows")
    assert "is not allowed by the seccomp filter" not in srv.log(), srv.log()


def test_pty_job_control(wsinetd):
    """bash -i has job control on the terminal: Ctrl-C interrupts the
    foreground job (status 130), Ctrl-Z stops one and fg brings it back."""
    srv = wsinetd.socket_activate("--pty", "exec:/bin/bash", "--norc", "--noprofile", "-i")

    async def go():
        async with websockets.connect(srv.url) as ws:
            out = await read_until(ws, bytearray(), rb"[$#] $")
            await ws.send(b"sleep 30\r")
            await asyncio.sleep(0.5)
            await ws.send(b"\x03")
            await ws.send(b"echo st=$?\r")
            out = await read_until(ws, out, rb"st=130\r\n")
            await ws.send(b"sleep 31\r")
            await asyncio.sleep(0.5)
            await ws.send(b"\x1a")
            out = await read_until(ws, out, rb"Stopped\s+sleep 31")
            await ws.send(b"jobs -l\r")
            out = await read_until(ws, out, rb"Stopped\s+sleep 31\r\n")
            await ws.send(b"fg\r")
            await asyncio.sleep(0.3)
            await ws.send(b"\x03")
            await ws.send(b"echo st2=$?\r")
            await read_until(ws, out, rb"st2=130\r\n")

    asyncio.run(asyncio.wait_for(go(), 30))


def test_pty_route(wsinetd, prog, tmp_path):
    """--pty-route [HOST]/PATH: that exec: route's program on a terminal,
    another exec: route's on pipes, and echo's text messages still echo."""
    p, out = prog
    plain = tmp_path / "plain.sh"
    plain.write_text("#!/bin/sh\ntest -t 0 || echo pipes\n")
    plain.chmod(0o755)
    srv = wsinetd.socket_activate("--pty-route", "/term",
                                  "--route", "/term=exec:/usr/bin/python3 %s %s" % (p, out),
                                  "--route", "/plain=exec:%s" % plain, "echo")

    async def go():
        async with websockets.connect(srv.url + "term") as ws:
            text = (await read_until(ws, bytearray(), rb"ready\r\n")).decode()
            assert "tty=True" in text and "leader=True" in text, text
            await ws.send(json.dumps({"cols": 90, "rows": 20}))
            await read_until(ws, bytearray(text.encode()), rb"winch 20 90\r\n")
        async with websockets.connect(srv.url + "plain") as ws:
            got = await asyncio.wait_for(ws.recv(), 10)
            assert got == b"pipes\n", got
        async with websockets.connect(srv.url) as ws:
            await ws.send("echo route: text is echoed, not a resize")
            got = await asyncio.wait_for(ws.recv(), 10)
            assert got == "echo route: text is echoed, not a resize", got

    asyncio.run(go())
    r = wsinetd.run("--check", "--pty-route", "/term", "--route", "/term=exec:/bin/sh", "echo")
    assert r.returncode == 0 and b"\npty no\npty-route /term\n" in r.stdout, r.stdout


@pytest.mark.parametrize("args,why", [
    (["--pty-route", "/nope", "--route", "/term=exec:/bin/sh", "echo"],
     "--pty-route /nope: no --route"),
    (["--pty-route", "/", "echo"], "--pty-route /: route / goes to echo"),
    (["--pty-route", "term", "exec:/bin/sh"], "--pty-route term: want [HOST]/PATH"),
    (["--pty-route", "/", "--text", "exec:/bin/sh"], "--pty with --text"),
])
def test_pty_route_usage_errors(wsinetd, args, why):
    r = wsinetd.run(*args)
    assert r.returncode == 64, r
    assert why in r.stderr.decode(), r.stderr
